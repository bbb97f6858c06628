import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../api/client';
import { deviceRenamedSchema, devicesResponseSchema, revokedResponseSchema, type DeviceInfo } from '#shared/auth';
import { formatDateTime, messages as m } from '../i18n/es-CO';
import { useServices } from '../services';
import { DataTable } from '../common/data-table';
import { ServerImport } from './server-import';
import { ErrorText } from '../common/notice';
import { onAction } from '../common/action';

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
                    <DeviceName
                      device={d}
                      onRenamed={(name) => setDevices((all) => all && all.map((x) => (x.deviceId === d.deviceId ? { ...x, name } : x)))}
                    />
                    <div>
                      {d.displayName ?? '—'} <span class="muted">({d.username ?? '?'} · {d.deviceId.slice(-6)})</span>
                    </div>
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
      onSubmit={onAction(async (e: Event) => {
        e.preventDefault();
        const saved = await api.patch(`/api/admin/devices/${encodeURIComponent(device.deviceId)}`, { name }, deviceRenamedSchema);
        setEditing(false);
        setError(null);
        onRenamed(saved.name);
      }, setError)}
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
