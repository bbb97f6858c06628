import { useEffect, useRef } from 'preact/hooks';
import { messages as m } from '../i18n/es-CO';

/** A signature drawn with a finger or mouse; saved as a small PNG data URL. */
export function SignaturePad({ label, onSave, onCancel }: { label: string; onSave(dataUrl: string): void; onCancel(): void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(false);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const g = canvas.getContext('2d') as CanvasRenderingContext2D;
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.strokeStyle = '#111';
    let down = false;
    const at = (e: PointerEvent) => {
      const r = canvas.getBoundingClientRect();
      return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height] as const;
    };
    const start = (e: PointerEvent) => {
      down = true;
      canvas.setPointerCapture(e.pointerId);
      const [x, y] = at(e);
      g.beginPath();
      g.moveTo(x, y);
    };
    const move = (e: PointerEvent) => {
      if (!down) return;
      const [x, y] = at(e);
      g.lineTo(x, y);
      g.stroke();
      drawn.current = true;
    };
    const end = () => {
      down = false;
    };
    canvas.addEventListener('pointerdown', start);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', end);
    return () => {
      canvas.removeEventListener('pointerdown', start);
      canvas.removeEventListener('pointermove', move);
      canvas.removeEventListener('pointerup', end);
    };
  }, []);
  return (
    <div class="signature">
      <canvas ref={ref} width={360} height={120} aria-label={label} role="img" />
      <div class="actions">
        <button type="button" class="primary" onClick={() => drawn.current && ref.current && onSave(ref.current.toDataURL('image/png'))}>
          {m.training.saveSignature}
        </button>
        <button type="button" onClick={onCancel}>
          {m.training.cancel}
        </button>
      </div>
    </div>
  );
}
