import { Anchor, Container } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyView } from '../components/states';
import { usePageTitle } from '../components/usePageTitle';

export function NotFound() {
  usePageTitle('Not found');
  return (
    <Container size="sm" py="xl" component="main">
      <EmptyView
        title="Page not found"
        description="The address may be mistyped, or the page has moved."
        action={
          <Anchor component={Link} to="/">
            Go to Rapport
          </Anchor>
        }
      />
    </Container>
  );
}
