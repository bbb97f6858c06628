// @vitest-environment happy-dom
// The one-number line form (plan goals, evaluation scores): saves the number typed, clears it
// after the save, says so when asked, and shows a refusal on the input.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { InlineNumberForm } from '../../../src/ui/common/inline-number-form';

afterEach(cleanup);

it('saves the number typed (decimal comma), clears the input and says it was saved', async () => {
  const saved: number[] = [];
  render(<InlineNumberForm field="value" id="goal" label="Meta de 2026" submitLabel="Fijar meta" savedText="Meta guardada." onSave={async (v) => void saved.push(v)} />);
  const input = screen.getByLabelText('Meta de 2026') as HTMLInputElement;
  fireEvent.input(input, { target: { value: '87,5' } });
  fireEvent.click(screen.getByRole('button', { name: 'Fijar meta' }));
  expect((await screen.findByRole('status')).textContent).toBe('Meta guardada.');
  expect(saved).toEqual([87.5]);
  expect(input.value).toBe('');
});

it('shows a refusal of its field on the input, and keeps what was typed', async () => {
  const refuse = async () => {
    throw new AppError('VALIDATION_FAILED', 'Revise los datos', [{ path: 'score', message: 'La nota va de 0 a 5' }]);
  };
  render(<InlineNumberForm field="score" id="score-1" label="Nota de Ana" labelHidden submitLabel="Guardar nota" onSave={refuse} />);
  const input = screen.getByLabelText('Nota de Ana') as HTMLInputElement;
  fireEvent.input(input, { target: { value: '9' } });
  fireEvent.click(screen.getByRole('button', { name: 'Guardar nota' }));
  expect((await screen.findByRole('alert')).textContent).toBe('La nota va de 0 a 5');
  expect(input.getAttribute('aria-invalid')).toBe('true');
  expect(input.getAttribute('aria-describedby')).toBe('score-1-error');
  expect(input.value).toBe('9');
});
