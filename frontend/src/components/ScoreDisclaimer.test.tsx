import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, renderRoutes } from '../test/utils';
import { ScoreDisclaimer } from './ScoreDisclaimer';

describe('<ScoreDisclaimer>', () => {
  it('says scores are design defaults, not a validated instrument', () => {
    renderPage(<ScoreDisclaimer />);
    expect(screen.getByTestId('score-disclaimer')).toHaveTextContent(/design defaults, not a validated instrument/);
  });

  it('links to how the scores work, inside the workspace when there is one', () => {
    renderRoutes([{ path: '/w/:workspaceId/*', element: <ScoreDisclaimer variant="inline" /> }], '/w/w1/champion-map');
    expect(screen.getByRole('link', { name: 'How the scores work' })).toHaveAttribute('href', '/w/w1/about/scoring');
  });
});
