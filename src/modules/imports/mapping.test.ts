import { describe, expect, it } from 'vitest';
import { CHANNELS, POINT_LABELS } from '../contacts/schema.js';
import {
  checkMapping,
  CORE_IMPORT_FIELDS,
  exportHeaders,
  ImportMapping,
  type ImportCustomField,
  ImportTarget,
  normalizeHeader,
  pairedLabelColumns,
  pointLabelFromText,
  suggestMapping,
} from './mapping.js';
import { ADDRESS_SYNONYMS, FIELD_SYNONYMS } from './synonyms.js';

// Header rows as Google Contacts and Outlook write them (trimmed to one or two of each repeated group).
const GOOGLE_OLD = [
  'Name',
  'Given Name',
  'Additional Name',
  'Family Name',
  'Yomi Name',
  'Given Name Yomi',
  'Additional Name Yomi',
  'Family Name Yomi',
  'Name Prefix',
  'Name Suffix',
  'Initials',
  'Nickname',
  'Short Name',
  'Maiden Name',
  'Birthday',
  'Gender',
  'Location',
  'Billing Information',
  'Directory Server',
  'Mileage',
  'Occupation',
  'Hobby',
  'Sensitivity',
  'Priority',
  'Subject',
  'Notes',
  'Language',
  'Photo',
  'Group Membership',
  'E-mail 1 - Type',
  'E-mail 1 - Value',
  'E-mail 2 - Type',
  'E-mail 2 - Value',
  'IM 1 - Type',
  'IM 1 - Service',
  'IM 1 - Value',
  'Phone 1 - Type',
  'Phone 1 - Value',
  'Phone 2 - Type',
  'Phone 2 - Value',
  'Address 1 - Type',
  'Address 1 - Formatted',
  'Address 1 - Street',
  'Address 1 - City',
  'Address 1 - PO Box',
  'Address 1 - Region',
  'Address 1 - Postal Code',
  'Address 1 - Country',
  'Address 1 - Extended Address',
  'Address 2 - Type',
  'Address 2 - Formatted',
  'Address 2 - Street',
  'Address 2 - City',
  'Address 2 - Region',
  'Address 2 - Postal Code',
  'Address 2 - Country',
  'Organization 1 - Type',
  'Organization 1 - Name',
  'Organization 1 - Yomi Name',
  'Organization 1 - Title',
  'Organization 1 - Department',
  'Organization 1 - Symbol',
  'Organization 1 - Location',
  'Organization 1 - Job Description',
  'Website 1 - Type',
  'Website 1 - Value',
  'Custom Field 1 - Type',
  'Custom Field 1 - Value',
];

const GOOGLE_NEW = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Phonetic First Name',
  'Phonetic Middle Name',
  'Phonetic Last Name',
  'Name Prefix',
  'Name Suffix',
  'Nickname',
  'File As',
  'Organization Name',
  'Organization Title',
  'Organization Department',
  'Birthday',
  'Notes',
  'Photo',
  'Labels',
  'E-mail 1 - Label',
  'E-mail 1 - Value',
  'E-mail 2 - Label',
  'E-mail 2 - Value',
  'Phone 1 - Label',
  'Phone 1 - Value',
  'Phone 2 - Label',
  'Phone 2 - Value',
  'Address 1 - Label',
  'Address 1 - Formatted',
  'Address 1 - Street',
  'Address 1 - City',
  'Address 1 - PO Box',
  'Address 1 - Region',
  'Address 1 - Postal Code',
  'Address 1 - Country',
  'Address 1 - Extended Address',
  'Website 1 - Label',
  'Website 1 - Value',
  'Event 1 - Label',
  'Event 1 - Value',
  'Custom Field 1 - Label',
  'Custom Field 1 - Value',
];

const OUTLOOK = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Title',
  'Suffix',
  'Nickname',
  'Given Yomi',
  'Surname Yomi',
  'E-mail Address',
  'E-mail 2 Address',
  'E-mail 3 Address',
  'Home Phone',
  'Home Phone 2',
  'Business Phone',
  'Business Phone 2',
  'Mobile Phone',
  'Car Phone',
  'Other Phone',
  'Primary Phone',
  'Pager',
  'Business Fax',
  'Home Fax',
  'Other Fax',
  'Company Main Phone',
  'Callback',
  'Radio Phone',
  'Telex',
  'TTY/TDD Phone',
  'IMAddress',
  'Job Title',
  'Department',
  'Company',
  'Office Location',
  "Manager's Name",
  "Assistant's Name",
  "Assistant's Phone",
  'Company Yomi',
  'Business Street',
  'Business City',
  'Business State',
  'Business Postal Code',
  'Business Country/Region',
  'Home Street',
  'Home City',
  'Home State',
  'Home Postal Code',
  'Home Country/Region',
  'Other Street',
  'Other City',
  'Other State',
  'Other Postal Code',
  'Other Country/Region',
  'Personal Web Page',
  'Spouse',
  'Schools',
  'Hobby',
  'Location',
  'Web Page',
  'Birthday',
  'Anniversary',
  'Notes',
];

/** Outlook desktop's export has more street lines and its own columns. */
const OUTLOOK_DESKTOP = [
  'Title',
  'First Name',
  'Middle Name',
  'Last Name',
  'Suffix',
  'Company',
  'Department',
  'Job Title',
  'Business Street',
  'Business Street 2',
  'Business Street 3',
  'Business City',
  'Business State',
  'Business Postal Code',
  'Business Country/Region',
  'Home Street',
  'Home City',
  'Business Phone',
  'Mobile Phone',
  'Categories',
  'E-mail Address',
  'E-mail Type',
  'E-mail Display Name',
  'E-mail 2 Address',
  'Notes',
];

/** Each target written short: "firstName", "phone/mobile", "custom:plan", "-" for ignore. */
function short(t: ImportTarget): string {
  if (t.kind === 'field') return t.field;
  if (t.kind === 'point') return `${t.channel}/${t.label}`;
  if (t.kind === 'custom') return `custom:${t.key}`;
  return '-';
}

function mapped(headers: string[], custom: ImportCustomField[] = []) {
  const result = suggestMapping(headers, custom);
  expect(result.mapping).toHaveLength(headers.length);
  return {
    result,
    of: (h: string) => short(result.mapping[headers.indexOf(h)]),
    all: () => headers.map((h, i) => `${h} → ${short(result.mapping[i])}`),
    unmappedHeaders: () => result.unmapped.map((i) => headers[i]),
  };
}

describe('suggestMapping: known export layouts', () => {
  it('maps an old Google Contacts CSV', () => {
    const m = mapped(GOOGLE_OLD);
    const mappedOnly = m.all().filter((s) => !s.endsWith('→ -'));
    expect(mappedOnly).toEqual([
      'Name → fullName',
      'Given Name → firstName',
      'Family Name → lastName',
      'Birthday → birthDate',
      'Language → language',
      'Group Membership → tags',
      'E-mail 1 - Value → email/other',
      'E-mail 2 - Value → email/other',
      'Phone 1 - Value → phone/other',
      'Phone 2 - Value → phone/other',
      'Address 1 - Street → street',
      'Address 1 - City → city',
      'Address 1 - Region → state',
      'Address 1 - Postal Code → zip',
      'Address 1 - Country → country',
      'Organization 1 - Name → company',
      'Organization 1 - Title → jobTitle',
      'Organization 1 - Department → department',
      'Website 1 - Value → web/other',
    ]);
    // Label columns are understood, not reported; the second address and the rest are reported.
    const unmapped = m.unmappedHeaders();
    expect(unmapped).not.toContain('Phone 1 - Type');
    expect(unmapped).not.toContain('E-mail 1 - Type');
    expect(unmapped).toEqual(
      expect.arrayContaining([
        'Additional Name',
        'Notes',
        'IM 1 - Value',
        'Address 1 - Formatted',
        'Address 2 - Street',
        'Address 2 - City',
        'Occupation',
        'Custom Field 1 - Value',
      ]),
    );
    const note = (h: string) => m.result.notes.find((n) => n.column === GOOGLE_OLD.indexOf(h))?.message;
    expect(note('Phone 1 - Type')).toMatch(/label for column 38 \("Phone 1 - Value"\)/);
    expect(note('Address 2 - City')).toMatch(/Only one address.*"Address 1"/);
    expect(note('Occupation')).toMatch(/Job title is already mapped from column 60/);
  });

  it('maps a new Google Contacts CSV', () => {
    const m = mapped(GOOGLE_NEW);
    expect(m.all().filter((s) => !s.endsWith('→ -'))).toEqual([
      'First Name → firstName',
      'Last Name → lastName',
      'Organization Name → company',
      'Organization Title → jobTitle',
      'Organization Department → department',
      'Birthday → birthDate',
      'Labels → tags',
      'E-mail 1 - Value → email/other',
      'E-mail 2 - Value → email/other',
      'Phone 1 - Value → phone/other',
      'Phone 2 - Value → phone/other',
      'Address 1 - Street → street',
      'Address 1 - City → city',
      'Address 1 - Region → state',
      'Address 1 - Postal Code → zip',
      'Address 1 - Country → country',
      'Website 1 - Value → web/other',
    ]);
    for (const h of ['E-mail 1 - Label', 'Phone 2 - Label', 'Address 1 - Label', 'Website 1 - Label']) {
      expect(m.of(h)).toBe('-');
      expect(m.unmappedHeaders()).not.toContain(h);
    }
    expect(m.unmappedHeaders()).toEqual(
      expect.arrayContaining(['Middle Name', 'Phonetic First Name', 'File As', 'Notes', 'Event 1 - Value']),
    );
  });

  it('pairs Google value columns with their label columns for the importer', () => {
    const pairs = pairedLabelColumns(GOOGLE_NEW);
    const at = (h: string) => GOOGLE_NEW.indexOf(h);
    expect(pairs.get(at('Phone 1 - Value'))).toBe(at('Phone 1 - Label'));
    expect(pairs.get(at('E-mail 2 - Value'))).toBe(at('E-mail 2 - Label'));
    expect(pairs.has(at('First Name'))).toBe(false);
    expect(pointLabelFromText('* Mobile')).toBe('mobile');
    expect(pointLabelFromText('Work')).toBe('work');
    expect(pointLabelFromText('Home')).toBe('home');
    expect(pointLabelFromText('Main')).toBeNull();
  });

  it('maps an Outlook CSV: labelled phones, business address over home', () => {
    const m = mapped(OUTLOOK);
    expect(m.all().filter((s) => !s.endsWith('→ -'))).toEqual([
      'First Name → firstName',
      'Last Name → lastName',
      'E-mail Address → email/other',
      'E-mail 2 Address → email/other',
      'E-mail 3 Address → email/other',
      'Home Phone → phone/home',
      'Home Phone 2 → phone/home',
      'Business Phone → phone/work',
      'Business Phone 2 → phone/work',
      'Mobile Phone → phone/mobile',
      'Car Phone → phone/mobile',
      'Other Phone → phone/other',
      'Primary Phone → phone/other',
      'Company Main Phone → phone/work',
      'Job Title → jobTitle',
      'Department → department',
      'Company → company',
      'Business Street → street',
      'Business City → city',
      'Business State → state',
      'Business Postal Code → zip',
      'Business Country/Region → country',
      'Personal Web Page → web/home',
      'Web Page → web/other',
      'Birthday → birthDate',
    ]);
    // Title is Outlook's honorific beside Job Title; faxes, pagers and assistants are not the contact's.
    expect(m.unmappedHeaders()).toEqual(
      expect.arrayContaining([
        'Title',
        'Pager',
        'Business Fax',
        "Assistant's Phone",
        'Home Street',
        'Home City',
        'Other Country/Region',
        'Notes',
      ]),
    );
  });

  it('maps an Outlook desktop CSV: extra street lines and the e-mail type column left out', () => {
    const m = mapped(OUTLOOK_DESKTOP);
    expect(m.of('Title')).toBe('-');
    expect(m.of('Job Title')).toBe('jobTitle');
    expect(m.of('Business Street')).toBe('street');
    expect(m.of('Business Street 2')).toBe('-');
    expect(m.of('Business Country/Region')).toBe('country');
    expect(m.of('Home Street')).toBe('-');
    expect(m.of('Categories')).toBe('tags');
    expect(m.of('E-mail Type')).toBe('-');
    expect(m.of('E-mail Display Name')).toBe('-');
    expect(m.unmappedHeaders()).toEqual(
      expect.arrayContaining(['Business Street 2', 'Business Street 3', 'E-mail Display Name']),
    );
    expect(m.unmappedHeaders()).not.toContain('E-mail Type');
  });

  it('takes the home address when it is the only one, and the most complete set otherwise', () => {
    expect(mapped(['Name', 'Home Street', 'Home City']).all()).toEqual([
      'Name → fullName',
      'Home Street → street',
      'Home City → city',
    ]);
    const m = mapped(['Email', 'Business City', 'Home Street', 'Home City', 'Home Postal Code']);
    expect(m.all()).toEqual([
      'Email → email/other',
      'Business City → -',
      'Home Street → street',
      'Home City → city',
      'Home Postal Code → zip',
    ]);
    expect(m.result.notes[0].message).toMatch(/home address is used/);
  });

  it('maps our own export headers back to the same targets', () => {
    const custom: ImportCustomField[] = [
      { key: 'plan', label: 'Plan', type: 'select' },
      { key: 'region', label: 'Region', type: 'text' }, // reads as the state: exported as custom.region
      { key: 'seats', label: 'Seats', type: 'number' },
      { key: 'alias', label: 'seats', type: 'text' }, // same words as another field's key
    ];
    const targets: ImportTarget[] = [
      ...CORE_IMPORT_FIELDS.map((field) => ({ kind: 'field' as const, field })),
      ...CHANNELS.flatMap((channel) =>
        POINT_LABELS.map((label) => ({ kind: 'point' as const, channel, label })),
      ),
      ...custom.map((f) => ({ kind: 'custom' as const, key: f.key })),
    ];
    const headers = exportHeaders(targets, custom);
    expect(headers).toEqual(
      expect.arrayContaining([
        'firstName',
        'address.city',
        'ownerEmail',
        'phone (mobile)',
        'Plan',
        'custom.region',
        'Seats',
        'custom.alias',
      ]),
    );
    const m = suggestMapping(headers, custom);
    expect(m.mapping).toEqual(targets);
    expect(m.unmapped).toEqual([]);
  });

  it('recognises camelCase API names and custom.<key>', () => {
    const custom = [{ key: 'lifetime_value', label: 'LTV', type: 'number' }];
    const m = mapped(['firstName', 'jobTitle', 'birthDate', 'custom.lifetime_value', 'custom.nope'], custom);
    expect(m.all()).toEqual([
      'firstName → firstName',
      'jobTitle → jobTitle',
      'birthDate → birthDate',
      'custom.lifetime_value → custom:lifetime_value',
      'custom.nope → -',
    ]);
    expect(m.result.notes).toEqual([{ column: 4, message: 'No custom field has the key "nope"' }]);
  });
});

describe('suggestMapping: synonyms and normalising', () => {
  it('reads English variants', () => {
    const m = mapped([
      'FIRST_NAME',
      'surname',
      'E-Mail',
      'Cell',
      'Work phone #',
      'Phone2',
      'zip code',
      'Date of Birth',
      'Time-Zone',
      'Owner',
      'Customer ID',
      'State/Province',
    ]);
    expect(m.all()).toEqual([
      'FIRST_NAME → firstName',
      'surname → lastName',
      'E-Mail → email/other',
      'Cell → phone/mobile',
      'Work phone # → phone/work',
      'Phone2 → phone/other',
      'zip code → zip',
      'Date of Birth → birthDate',
      'Time-Zone → timeZone',
      'Owner → ownerEmail',
      'Customer ID → externalId',
      'State/Province → state',
    ]);
  });

  it('reads German headers (Outlook in German)', () => {
    const m = mapped([
      'Vorname',
      'Nachname',
      'Firma',
      'Abteilung',
      'Position',
      'Straße geschäftlich',
      'Ort geschäftlich',
      'Postleitzahl geschäftlich',
      'Land/Region geschäftlich',
      'Straße privat',
      'Telefon geschäftlich',
      'Telefon privat',
      'Mobiltelefon',
      'Handy',
      'E-Mail-Adresse',
      'E-Mail 2: Adresse',
      'Geburtstag',
      'Kategorien',
      'Kundennummer',
      'Sprache',
    ]);
    expect(m.all()).toEqual([
      'Vorname → firstName',
      'Nachname → lastName',
      'Firma → company',
      'Abteilung → department',
      'Position → jobTitle',
      'Straße geschäftlich → street',
      'Ort geschäftlich → city',
      'Postleitzahl geschäftlich → zip',
      'Land/Region geschäftlich → country',
      'Straße privat → -',
      'Telefon geschäftlich → phone/work',
      'Telefon privat → phone/home',
      'Mobiltelefon → phone/mobile',
      'Handy → phone/mobile',
      'E-Mail-Adresse → email/other',
      'E-Mail 2: Adresse → email/other',
      'Geburtstag → birthDate',
      'Kategorien → tags',
      'Kundennummer → externalId',
      'Sprache → language',
    ]);
  });

  it('reads French headers', () => {
    const m = mapped([
      'Prénom',
      'Nom',
      'Société',
      'Fonction',
      'Rue (bureau)',
      'Ville (bureau)',
      'Code postal (bureau)',
      'Pays/Région (bureau)',
      'Téléphone (bureau)',
      'Tél. mobile',
      'Téléphone (domicile)',
      'Adresse de messagerie',
      'Courriel',
      'Date de naissance',
      'Catégories',
      'Fuseau horaire',
    ]);
    expect(m.all()).toEqual([
      'Prénom → firstName',
      'Nom → lastName',
      'Société → company',
      'Fonction → jobTitle',
      'Rue (bureau) → street',
      'Ville (bureau) → city',
      'Code postal (bureau) → zip',
      'Pays/Région (bureau) → country',
      'Téléphone (bureau) → phone/work',
      'Tél. mobile → phone/mobile',
      'Téléphone (domicile) → phone/home',
      'Adresse de messagerie → email/other',
      'Courriel → email/other',
      'Date de naissance → birthDate',
      'Catégories → tags',
      'Fuseau horaire → timeZone',
    ]);
  });

  it('reads Spanish headers', () => {
    const m = mapped([
      'Nombre',
      'Apellidos',
      'Empresa',
      'Puesto',
      'Departamento',
      'Calle del trabajo',
      'Ciudad',
      'Código postal',
      'País',
      'Teléfono móvil',
      'Teléfono del trabajo',
      'Teléfono particular',
      'Dirección de correo electrónico',
      'Fecha de nacimiento',
      'Etiquetas',
      'Idioma',
    ]);
    expect(m.all()).toEqual([
      'Nombre → firstName',
      'Apellidos → lastName',
      'Empresa → company',
      'Puesto → jobTitle',
      'Departamento → department',
      'Calle del trabajo → street',
      'Ciudad → city',
      'Código postal → zip',
      'País → country',
      'Teléfono móvil → phone/mobile',
      'Teléfono del trabajo → phone/work',
      'Teléfono particular → phone/home',
      'Dirección de correo electrónico → email/other',
      'Fecha de nacimiento → birthDate',
      'Etiquetas → tags',
      'Idioma → language',
    ]);
  });

  it('reads "Name", "Nom" and "Nombre" by what stands beside them', () => {
    expect(mapped(['Name', 'Email']).of('Name')).toBe('fullName');
    expect(mapped(['Vorname', 'Name']).of('Name')).toBe('lastName');
    expect(mapped(['Nom', 'Téléphone']).of('Nom')).toBe('fullName');
    expect(mapped(['Nombre', 'Teléfono']).of('Nombre')).toBe('fullName');
    expect(mapped(['Nombre', 'Apellido']).of('Nombre')).toBe('firstName');
    expect(mapped(['First Name', 'Last Name', 'Name']).of('Name')).toBe('fullName');
  });

  it('reads other channels and labelled e-mails', () => {
    const m = mapped([
      'WhatsApp',
      'LinkedIn URL',
      'Telegram',
      'Website',
      'Work Email',
      'Personal e-mail',
      'SMS',
      'iPhone',
      'contact_e_mail',
    ]);
    expect(m.all()).toEqual([
      'WhatsApp → whatsapp/mobile',
      'LinkedIn URL → linkedin/other',
      'Telegram → telegram/other',
      'Website → web/other',
      'Work Email → email/work',
      'Personal e-mail → email/home',
      'SMS → sms/mobile',
      'iPhone → phone/mobile',
      'contact_e_mail → email/other',
    ]);
  });

  it('normalises case, accents, punctuation, camelCase and digits', () => {
    expect(normalizeHeader('  Téléphone_Portable 2 ')).toEqual(['telephone', 'portable', '2']);
    expect(normalizeHeader('firstName')).toEqual(['first', 'name']);
    expect(normalizeHeader('IMAddress')).toEqual(['im', 'address']);
    expect(normalizeHeader('E-mail 1 - Value')).toEqual(['email', '1', 'value']);
    expect(normalizeHeader('Straße')).toEqual(['strasse']);
    expect(normalizeHeader('\uFEFFEmail')).toEqual(['email']);
  });

  it('has no synonym listed for two fields', () => {
    const seen = new Map<string, string>();
    const tables = { ...FIELD_SYNONYMS, ...ADDRESS_SYNONYMS } as Record<string, readonly string[]>;
    for (const [f, list] of Object.entries(tables)) {
      for (const s of list) {
        const key = normalizeHeader(s.replace(/^~/, '')).join(' ');
        expect(seen.get(key) ?? f, `"${s}" is listed for ${seen.get(key)} and ${f}`).toBe(f);
        seen.set(key, f);
      }
    }
  });
});

describe('suggestMapping: custom fields, unknown and repeated columns', () => {
  const custom: ImportCustomField[] = [
    { key: 'plan', label: 'Subscription plan', type: 'select' },
    { key: 'lifetime_value', label: 'LTV', type: 'number' },
    { key: 'interests', label: 'Interests', type: 'multiselect' },
    { key: 'region', label: 'Sales region', type: 'text' },
  ];

  it('matches custom fields by key and by label', () => {
    const m = mapped(['Email', 'plan', 'Lifetime Value', 'ltv', 'SUBSCRIPTION-PLAN', 'Region'], custom);
    expect(m.all()).toEqual([
      'Email → email/other',
      'plan → custom:plan',
      'Lifetime Value → custom:lifetime_value',
      'ltv → -',
      'SUBSCRIPTION-PLAN → -',
      'Region → custom:region',
    ]);
    expect(m.unmappedHeaders()).toEqual(['ltv', 'SUBSCRIPTION-PLAN']);
  });

  it('lets a multiselect custom field and tags take several columns', () => {
    const m = mapped(['Email', 'Interests', 'interests', 'Tags', 'Categories'], custom);
    expect(m.all()).toEqual([
      'Email → email/other',
      'Interests → custom:interests',
      'interests → custom:interests',
      'Tags → tags',
      'Categories → tags',
    ]);
  });

  it('reports columns nothing matched', () => {
    const m = mapped(['First Name', 'Shoe size', 'Notes', 'Fax']);
    expect(m.unmappedHeaders()).toEqual(['Shoe size', 'Notes', 'Fax']);
    expect(m.result.notes).toEqual([]);
  });

  it('makes two e-mail columns two e-mail points', () => {
    const m = mapped(['Email', 'Email', 'Phone', 'Phone']);
    expect(m.all()).toEqual([
      'Email → email/other',
      'Email → email/other',
      'Phone → phone/other',
      'Phone → phone/other',
    ]);
    expect(m.result.unmapped).toEqual([]);
  });

  it('keeps the first of two last-name columns and reports the second', () => {
    const m = mapped(['First Name', 'Last Name', 'Email', 'Last Name']);
    expect(m.all()).toEqual([
      'First Name → firstName',
      'Last Name → lastName',
      'Email → email/other',
      'Last Name → -',
    ]);
    expect(m.result.unmapped).toEqual([3]);
    expect(m.result.notes).toEqual([
      { column: 3, message: 'Last name is already mapped from column 2 ("Last Name")' },
    ]);
  });
});

describe('checkMapping', () => {
  const custom = [
    { key: 'plan', type: 'select' },
    { key: 'interests', type: 'multiselect' },
  ];
  const field = (f: string) => ({ kind: 'field', field: f }) as ImportTarget;
  const email: ImportTarget = { kind: 'point', channel: 'email', label: 'work' };
  const ignore: ImportTarget = { kind: 'ignore' };

  it('accepts a good mapping', () => {
    const headers = ['First', 'Email', 'Email 2', 'Tags', 'More tags', 'Plan', 'A', 'B', 'Name'];
    const mapping: ImportTarget[] = [
      field('firstName'),
      email,
      email,
      field('tags'),
      field('tags'),
      { kind: 'custom', key: 'plan' },
      { kind: 'custom', key: 'interests' },
      { kind: 'custom', key: 'interests' },
      field('fullName'),
    ];
    expect(ImportMapping.parse(mapping)).toEqual(mapping);
    expect(checkMapping(mapping, headers, custom)).toEqual([]);
  });

  it('reports a length that differs from the headers', () => {
    expect(checkMapping([email], ['Email', 'Phone'], custom)).toEqual([
      { path: 'mapping', message: 'The mapping has 1 entries for 2 columns; give one per column' },
    ]);
  });

  it('reports an unknown custom field', () => {
    expect(checkMapping([email, { kind: 'custom', key: 'vip' }], ['Email', 'VIP'], custom)).toEqual([
      { path: 'mapping.1', message: 'No custom field has the key "vip"' },
    ]);
  });

  it('reports a one-column field mapped twice', () => {
    const mapping = [field('lastName'), email, field('lastName'), { kind: 'custom', key: 'plan' }];
    mapping.push({ kind: 'custom', key: 'plan' });
    expect(checkMapping(mapping as ImportTarget[], ['Last', 'Email', 'Surname', 'P', 'P2'], custom)).toEqual([
      { path: 'mapping.2', message: 'Last name is already mapped from column 1 ("Last")' },
      { path: 'mapping.4', message: 'Custom field "plan" is already mapped from column 4 ("P")' },
    ]);
  });

  it('takes list entry fields, one column each, which identify nobody', () => {
    const mapping = [email, field('entry.priority'), field('entry.nextTryAt'), field('entry.priority')];
    expect(ImportMapping.parse(mapping)).toEqual(mapping);
    expect(checkMapping(mapping, ['Email', 'Prio', 'Next', 'Prio 2'], custom)).toEqual([
      { path: 'mapping.3', message: 'Entry priority is already mapped from column 2 ("Prio")' },
    ]);
    expect(checkMapping([field('entry.timeZone')], ['Zone'], custom).map((e) => e.path)).toEqual(['mapping']);
    expect(ImportMapping.safeParse([field('entry.state')]).success).toBe(false);
  });

  it('reports a mapping that cannot identify a contact', () => {
    const errors = checkMapping(
      [field('company'), ignore, { kind: 'custom', key: 'plan' }],
      ['a', 'b', 'c'],
      custom,
    );
    expect(errors).toEqual([
      { path: 'mapping', message: expect.stringMatching(/name .* or a contact point/) },
    ]);
    expect(checkMapping([], [], custom).map((e) => e.path)).toEqual(['mapping']);
  });

  it('rejects malformed targets in the schema', () => {
    const bad = [
      [{ kind: 'field', field: 'password' }],
      [{ kind: 'point', channel: 'fax', label: 'work' }],
      [{ kind: 'point', channel: 'phone', label: 'car' }],
      [{ kind: 'custom', key: '__proto__' }],
      [{ kind: 'ignore', extra: 1 }],
      [{ kind: 'what' }],
      Array.from({ length: 1001 }, () => ({ kind: 'ignore' })),
    ];
    for (const m of bad) expect(ImportMapping.safeParse(m).success).toBe(false);
  });
});

describe('hostile headers', () => {
  const nasty = [
    '',
    '   ',
    'x'.repeat(10_000),
    '📞📞',
    '📞 Phone',
    'البريد الإلكتروني',
    '\u202Eliame\u202C',
    'שם פרטי',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'custom.__proto__',
    'custom.constructor',
    '__proto__ (mobile)',
    'prototype',
  ];

  it('handles them without throwing or polluting prototypes', () => {
    const custom: ImportCustomField[] = [
      { key: '__proto__', label: 'constructor' },
      { key: 'toString', label: '__proto__' },
      { key: 'plan', label: 'x'.repeat(10_000) },
    ];
    const m = suggestMapping(nasty, custom);
    expect(m.mapping).toHaveLength(nasty.length);
    expect(m.mapping[nasty.indexOf('📞 Phone')]).toEqual({ kind: 'point', channel: 'phone', label: 'other' });
    expect(ImportMapping.safeParse(m.mapping).success).toBe(true);
    expect(m.mapping.filter((t) => t.kind === 'custom')).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call({})).toBe('[object Object]');
    expect(typeof ({} as { constructor: unknown }).constructor).toBe('function');

    const plain = suggestMapping(nasty);
    expect(plain.mapping.filter((t) => t.kind !== 'ignore')).toEqual([
      { kind: 'point', channel: 'phone', label: 'other' },
    ]);
    expect(plain.unmapped).toHaveLength(nasty.length - 1);
    expect(checkMapping(plain.mapping, nasty, [])).toEqual([]);
  });

  it('copes with sparse and non-string headers', () => {
    const headers = ['Email', undefined, null, 42, { toString: () => 'Phone' }] as unknown as string[];
    const m = suggestMapping(headers);
    expect(m.mapping.map(short)).toEqual(['email/other', '-', '-', '-', '-']);
    expect(m.unmapped).toEqual([1, 2, 3, 4]);
    // eslint-disable-next-line no-sparse-arrays
    expect(suggestMapping([, 'Email'] as string[]).mapping.map(short)).toEqual(['-', 'email/other']);
  });

  it('keeps long headers out of messages', () => {
    const long = 'L'.repeat(10_000);
    const errors = checkMapping(
      [
        { kind: 'field', field: 'lastName' },
        { kind: 'field', field: 'lastName' },
      ],
      [long, 'b'],
      [],
    );
    expect(errors[0].message.length).toBeLessThan(120);
  });
});

describe('ImportTarget', () => {
  it('is exported for the API and the web app', () => {
    expect(ImportTarget.parse({ kind: 'point', channel: 'whatsapp', label: 'mobile' })).toEqual({
      kind: 'point',
      channel: 'whatsapp',
      label: 'mobile',
    });
  });
});
