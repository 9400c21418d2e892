import { MantineProvider, Select } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { theme } from './theme';

function TeamFilter({ onChange }: { onChange: (value: string | null) => void }) {
  const [value, setValue] = useState<string | null>('t1');
  return (
    <Select
      label="Team"
      data={[
        { value: 't1', label: 'Ward 4' },
        { value: 't2', label: 'Night shift' },
      ]}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
      clearable
    />
  );
}

describe('a clearable select', () => {
  it('is cleared from the keyboard, and focus goes back to the field', async () => {
    const onChange = vi.fn();
    render(
      <MantineProvider theme={theme}>
        <TeamFilter onChange={onChange} />
      </MantineProvider>,
    );
    const field = screen.getByRole('combobox', { name: 'Team' });
    expect(field).toHaveValue('Ward 4');
    await userEvent.click(field);
    await userEvent.keyboard('{Escape}');
    await userEvent.tab();
    const clear = screen.getByRole('button', { name: 'Clear' });
    expect(clear).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith(null);
    expect(field).toHaveValue('');
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
    expect(field).toHaveFocus();
  });
});

describe('a searchable select', () => {
  it('finds an option whatever the accents and case typed', async () => {
    render(
      <MantineProvider theme={theme}>
        <Select
          label="With"
          searchable
          data={[
            { group: 'Due a one-on-one', items: [{ value: 'z', label: 'Zoë Ångström' }] },
            { group: 'Everyone else', items: [{ value: 'e', label: 'Élodie Müller' }, { value: 'p', label: 'Zoe Plain' }] },
          ]}
        />
      </MantineProvider>,
    );
    const field = screen.getByRole('combobox', { name: 'With' });
    await userEvent.type(field, 'zoe');
    expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['Zoë Ångström', 'Zoe Plain']);
    await userEvent.clear(field);
    await userEvent.type(field, 'ELODIE MULLER');
    expect(screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['Élodie Müller']);
  });
});
