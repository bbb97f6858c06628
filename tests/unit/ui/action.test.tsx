// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '#shared/errors';
import { dismissActionError, onAction } from '../../../src/ui/common/action';
import { ActionNotice } from '../../../src/ui/common/action-notice';
import { ApiCallError } from '../../../src/api/client';
import { ErrorText, FormNotice, useNotice } from '../../../src/ui/common/notice';
import { messages as m } from '../../../src/ui/i18n/es-CO';

afterEach(() => {
  cleanup();
  dismissActionError();
  vi.restoreAllMocks();
});

describe('onAction', () => {
  it('shows a failure with no place of its own in the notice region, in Spanish, and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const err = new AppError('STORAGE_FULL', 'quota');
    render(
      <>
        <ActionNotice />
        <button type="button" onClick={onAction(async () => Promise.reject(err))}>
          Guardar
        </button>
      </>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(m.actionFailed(m.errors.STORAGE_FULL));
    expect(log).toHaveBeenCalledWith('Action failed:', err);
    fireEvent.click(screen.getByRole('button', { name: m.update.close }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("routes a failure to the form's own message when given one, with the server's words", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function Form() {
      const { notice, fail } = useNotice();
      return (
        <form
          onSubmit={onAction(async (e: Event) => {
            e.preventDefault();
            await Promise.resolve();
            throw new ApiCallError('fatal', { code: 'USERNAME_TAKEN', message: 'Username taken' }, 409, null, { text: 'Ese nombre de usuario ya existe.' });
          }, fail)}
        >
          <button type="submit">Crear</button>
          <FormNotice notice={notice} testId="form-notice" />
        </form>
      );
    }
    render(
      <>
        <ActionNotice />
        <Form />
      </>,
    );
    fireEvent.submit(screen.getByRole('button', { name: 'Crear' }).closest('form') as HTMLFormElement);
    const notice = await screen.findByTestId('form-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toBe('Ese nombre de usuario ya existe.');
    // Shown where the form is, not twice.
    expect(screen.queryByTestId('action-error')).toBeNull();
  });

  it('calls preventDefault before the first await, and catches a synchronous throw too', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const show = vi.fn();
    const event = new Event('submit', { cancelable: true });
    onAction(async (e: Event) => {
      e.preventDefault();
      await Promise.resolve();
    })(event);
    expect(event.defaultPrevented).toBe(true);
    onAction(() => {
      throw new AppError('VALIDATION_FAILED', 'Faltan datos');
    }, show)();
    await vi.waitFor(() => expect(show).toHaveBeenCalledWith('Faltan datos', expect.any(AppError)));
  });
});

describe('FormNotice and ErrorText', () => {
  it('say success as a status and failure as an alert, and nothing when there is nothing', () => {
    const { container, rerender } = render(<FormNotice notice={{ ok: true, text: 'Guardado' }} />);
    expect(screen.getByRole('status').textContent).toBe('Guardado');
    expect(screen.getByRole('status').className).toBe('success');
    rerender(<ErrorText text="No válido" id="x-error" inline />);
    const alert = screen.getByRole('alert');
    expect([alert.tagName, alert.id, alert.className]).toEqual(['SPAN', 'x-error', 'error']);
    rerender(<ErrorText text={null} />);
    expect(container.innerHTML).toBe('');
  });
});
