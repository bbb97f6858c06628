import { useEffect, useState } from 'preact/hooks';
import { errorMessage, formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { ServerImport } from './server-import';

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
  const api = async (path: string, method = 'GET') => {
    const res = await fetch(path, { method, headers: { authorization: `Bearer ${session.token}` } });
    const body = await res.json();
    if (!res.ok) throw new Error(errorMessage(body.code, body.message));
    return body;
  };
  const load = () =>
    api('/api/admin/devices')
      .then((b: { devices: DeviceInfo[] }) => setDevices(b.devices))
      .catch(() => setMsg(t.offline));
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
                          void api(`/api/admin/devices/${encodeURIComponent(d.deviceId)}/revoke`, 'POST')
                            .then((b: { revoked: number }) => setMsg(t.revoked(b.revoked)))
                            .catch((e: Error) => setMsg(e.message))
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
