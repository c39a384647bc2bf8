import { createTheme, type MantineColorsTuple } from '@mantine/core';

// A calm teal-blue: readable on white, distinct from the status colours (green, red, orange).
const brand: MantineColorsTuple = [
  '#e6f8f8',
  '#d5eeee',
  '#aedbdb',
  '#83c8c8',
  '#5fb7b8',
  '#48adae',
  '#39a8a9',
  '#279293',
  '#168283',
  '#007172',
];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: 7,
  colors: { brand },
  fontFamily: 'Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.4, blur: 2 } } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    Badge: { defaultProps: { radius: 'sm' } },
  },
});
