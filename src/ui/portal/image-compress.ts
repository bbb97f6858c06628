/** Long side of an image kept with a draft: enough for the portal, small for a rural link. */
export const MAX_IMAGE_SIDE = 1600;

/** Re-encodes a photo as JPEG with its long side at most MAX_IMAGE_SIDE pixels. */
export async function compressImage(file: File, quality = 0.8): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', quality);
}
