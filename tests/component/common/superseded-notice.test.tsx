// @vitest-environment happy-dom
// A tab whose database a newer build upgraded in another tab says so, for good, and offers the
// reload; a write it tries fails with the Spanish reason instead of a generic error.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SupersededNotice } from '../../../src/ui/superseded-notice';
import { markSuperseded } from '../../../src/db/superseded';
import { describeError } from '../../../src/ui/common/form-error';
import { messages } from '../../../src/ui/i18n/es-CO';

afterEach(cleanup);

describe('a tab superseded by a newer build', () => {
  it('shows nothing before, then an alert that cannot be dismissed, whose button reloads', async () => {
    const closed = Object.assign(new Error('Database has been closed'), { name: 'DatabaseClosedError' });
    expect(describeError(closed)).not.toBe(messages.update.supersededWrite);
    render(<SupersededNotice />);
    expect(screen.queryByRole('alert')).toBeNull();

    markSuperseded();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(messages.update.superseded);
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual([messages.update.reloadTab]);

    const reload = vi.fn();
    vi.stubGlobal('location', { ...location, reload });
    buttons[0]!.click();
    expect(reload).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();

    expect(describeError(closed)).toBe(messages.update.supersededWrite);
  });
});
