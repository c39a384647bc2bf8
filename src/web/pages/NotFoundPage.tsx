import { Link } from 'react-router-dom';
import { Button } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { EmptyPanel } from '../components/EmptyPanel';

export function NotFoundPage() {
  return (
    <EmptyPanel
      icon={<IconMapSearch size={28} />}
      title="Page not found"
      description="The address may be mistyped, or the page has moved."
      action={
        <Button component={Link} to="/contacts">
          Go to contacts
        </Button>
      }
    />
  );
}
