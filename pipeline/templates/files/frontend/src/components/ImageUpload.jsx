import { uploadImage } from '../api.js';

// An image field's file picker: the server checks the type and size and answers the image's address.
export default function ImageUpload({ label, onUploaded }) {
  async function pick(event) {
    const file = event.target.files[0];
    if (!file) return;
    const data = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    try {
      const saved = await uploadImage({ filename: file.name, content_base64: btoa(binary) });
      onUploaded(new URL(saved.url, window.location.href).href);
    } catch (e) {
      window.alert(`The image was not taken: ${e.message}`);
    }
  }
  return (
    <input
      type="file"
      accept="image/png,image/jpeg,image/gif,image/webp"
      aria-label={`Upload ${label.toLowerCase()}`}
      onChange={pick}
    />
  );
}
