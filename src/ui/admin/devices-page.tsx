import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../api/client';
import { devicesResponseSchema, revokedResponseSchema, type DeviceInfo } from '../../shared/auth';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { DataTable } from '../common/data-table';
import { ServerImport } from './server-import';
import { ErrorText } from '../common/notice';

const t = m.devices;

/** The admin's view of the municipality's devices (needs a connection: it is the server's list). */
export function DevicesPage() {
  const { api } = useServices();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  useEffect(() => {
    api
      .get('/api/admin/devices', devicesResponseSchema, { offline: t.offline })
      .then((b) => setDevices(b.devices))
      .catch((err: unknown) => setMsg(errorText(err)));
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
                      void api
                        .post(`/api/admin/devices/${encodeURIComponent(d.deviceId)}/revoke`, {}, revokedResponseSchema)
                        .then((b) => setMsg(t.revoked(b.revoked)))
                        .catch((err: unknown) => setMsg(errorText(err)))
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
