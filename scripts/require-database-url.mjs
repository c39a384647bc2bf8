if (!process.env.DATABASE_URL) {
  console.error(
    'npm run test:pg needs DATABASE_URL, e.g. DATABASE_URL=postgres://root@/contacts_test?host=/var/run/postgresql',
  );
  process.exit(2);
}
