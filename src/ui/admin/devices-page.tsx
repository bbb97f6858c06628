import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../api/client';
import { deviceRenamedSchema, devicesResponseSchema, revokedResponseSchema, type DeviceInfo } from '../../shared/auth';
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
                      <DeviceName device={d} onRenamed={(name) => {
                          setMsg(t.renamed(name));
                          void load();
                        }} />
                      <div>
                        {d.displayName ?? '—'} <span class="muted">({d.username ?? '?'} · {d.deviceId.slice(-6)})</span>
                      </div>
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

/** A device's name (from its browser at first contact), which the admin may change. */
function DeviceName({ device, onRenamed }: { device: DeviceInfo; onRenamed(name: string): void }) {
  const { api } = useServices();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(device.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const current = device.name ?? t.unnamed;
  const inputId = `name-${device.deviceId}`;
  if (!editing) {
    return (
      <div>
        <strong data-testid="device-name">{current}</strong>{' '}
        <button type="button" class="link" onClick={() => setEditing(true)} aria-label={`${t.rename}: ${current}`}>
          {t.rename}
        </button>
      </div>
    );
  }
  return (
    <form
      class="inline"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const saved = await api.patch(`/api/admin/devices/${encodeURIComponent(device.deviceId)}`, { name }, deviceRenamedSchema);
          setEditing(false);
          setError(null);
          onRenamed(saved.name);
        } catch (err) {
          setError(errorText(err));
        }
      }}
    >
      <label for={inputId} class="visually-hidden">
        {t.nameFor(current)}
      </label>
      <input id={inputId} value={name} maxLength={60} aria-invalid={error ? true : undefined} aria-describedby={error ? `${inputId}-error` : undefined} onInput={(e) => setName(e.currentTarget.value)} />
      <button type="submit">{t.saveName}</button>
      {error && (
        <span class="error" role="alert" id={`${inputId}-error`}>
          {error}
        </span>
      )}
    </form>
  );
}
