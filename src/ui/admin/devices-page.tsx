import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../api/client';
import { devicesResponseSchema, revokedResponseSchema, type DeviceInfo } from '../../shared/auth';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { ServerImport } from './server-import';

const t = m.devices;

/** The admin's view of the municipality's devices (needs a connection: it is the server's list). */
export function DevicesPage() {
  const { api } = useServices();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const load = () =>
    api
      .get('/api/admin/devices', devicesResponseSchema, { offline: t.offline })
      .then((b) => setDevices(b.devices))
      .catch((err: unknown) => setMsg(errorText(err)));
  useEffect(() => void load(), []);
  return (
    <>
      <section class="card" aria-labelledby="devices-title">
        <h2 id="devices-title">{t.title}</h2>
        {msg && (
          <p class="error" role="alert">
            {msg}
          </p>
        )}
        {devices && (
          <div class="table-wrap">
            <table data-testid="devices">
              <thead>
                <tr>
                  <th scope="col">{t.user}</th>
                  <th scope="col">{t.lastContact}</th>
                  <th scope="col">{t.pending}</th>
                  <th scope="col">{t.version}</th>
                  <th scope="col">{t.action}</th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.deviceId}>
                    <th scope="row">
                      {d.displayName ?? '—'} <span class="muted">({d.username ?? '?'} · {d.deviceId.slice(-6)})</span>
                    </th>
                    <td>{formatDateTime(d.lastContactAt)}</td>
                    <td>{d.pendingReported ?? '—'}</td>
                    <td>{d.appVersion ?? '—'}</td>
                    <td>
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
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ServerImport />
    </>
  );
}
