// @vitest-environment happy-dom
// A checkbox setting: named by its label, described by its hint, and it reports the new value.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { CheckField } from '../../../src/ui/common/check-field';

afterEach(cleanup);

it('is named by its label, described by its hint, and reports the value it was set to', () => {
  const seen: boolean[] = [];
  render(<CheckField id="saturday" label="El sábado es día hábil" hint="Cuenta los sábados en los términos." checked={false} onChange={(v) => seen.push(v)} />);
  const box = screen.getByRole('checkbox', { name: 'El sábado es día hábil' }) as HTMLInputElement;
  expect(box.checked).toBe(false);
  const hint = document.getElementById(box.getAttribute('aria-describedby') ?? '');
  expect(hint?.textContent).toBe('Cuenta los sábados en los términos.');
  fireEvent.click(box);
  expect(seen).toEqual([true]);
});
