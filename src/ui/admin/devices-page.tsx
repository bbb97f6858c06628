import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessage, formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { DataTable } from '../common/data-table';
import { ServerImport } from './server-import';
import { ErrorText } from '../common/notice';

const t = m.devices;

interface DeviceInfo {
  deviceId: string;
  username: string | null;
  displayName: string | null;
  lastContactAt: string;
  appVersion: string | null;
  pendingReported: number | null;
}

/** The admin's view of the municipality's devices (needs a connection: it is the server's list). */
export function DevicesPage() {
  const { session } = useServices();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const api = useCallback(
    async (path: string, method = 'GET') => {
      const res = await fetch(path, { method, headers: { authorization: `Bearer ${session.token}` } });
      const body = await res.json();
      if (!res.ok) throw new Error(errorMessage(body.code, body.message));
      return body;
    },
    [session.token],
  );
  useEffect(() => {
    api('/api/admin/devices')
      .then((b: { devices: DeviceInfo[] }) => setDevices(b.devices))
      .catch(() => setMsg(t.offline));
  }, [api]);
  return (
    <>
      <section class="card" aria-labelledby="devices-title">
        <h2 id="devices-title">{t.title}</h2>
        <ErrorText text={msg} />
        {devices && (
          <DataTable
            testId="devices"
            rows={devices}
            rowKey={(d) => d.deviceId}
            columns={[
              {
                label: t.user,
                cell: (d) => (
                  <>
                    {d.displayName ?? '—'} <span class="muted">({d.username ?? '?'} · {d.deviceId.slice(-6)})</span>
                  </>
                ),
              },
              { label: t.lastContact, cell: (d) => formatDateTime(d.lastContactAt) },
              { label: t.pending, cell: (d) => d.pendingReported ?? '—' },
              { label: t.version, cell: (d) => d.appVersion ?? '—' },
              {
                label: t.action,
                cell: (d) => (
                  <button
                    type="button"
                    onClick={() =>
                      confirm(t.confirmRevoke) &&
                      void api(`/api/admin/devices/${encodeURIComponent(d.deviceId)}/revoke`, 'POST')
                        .then((b: { revoked: number }) => setMsg(t.revoked(b.revoked)))
                        .catch((e: Error) => setMsg(e.message))
                    }
                  >
                    {t.revoke}
                  </button>
                ),
              },
            ]}
          />
        )}
      </section>
      <ServerImport />
    </>
  );
}
