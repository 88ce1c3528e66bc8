import { optional } from '../api.js';
import { app } from '../schema.js';

// An image field's file picker: the server checks the type and size and answers the image's address.
function ImageUpload({ field, onChange }) {
  async function pick(event) {
    const file = event.target.files[0];
    if (!file) return;
    const data = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    try {
      const saved = await optional.uploadImage({ filename: file.name, content_base64: btoa(binary) });
      onChange(new URL(saved.url, window.location.href).href);
    } catch (e) {
      window.alert(`The image was not taken: ${e.message}`);
    }
  }
  return <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-label={`Upload ${field.label.toLowerCase()}`} onChange={pick} />;
}

// One form control per field type; values stay strings/booleans until the form is sent.
export default function FieldInput({ field, value, onChange, options }) {
  const id = `field-${field.name}`;
  const common = { id, name: field.name, required: field.required };

  if (field.type === 'boolean') {
    return (
      <label className="check" htmlFor={id}>
        <input {...common} required={false} type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />
        {field.label}
      </label>
    );
  }

  let control;
  if (field.choices.length > 0) {
    control = (
      <select {...common} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {field.choices.map((choice) => (
          <option key={choice} value={choice}>{choice.replace(/_/g, ' ')}</option>
        ))}
      </select>
    );
  } else if (field.type === 'reference') {
    control = (
      <select {...common} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {(options ?? []).map((option) => (
          <option key={option.id} value={option.id}>{option.label}</option>
        ))}
      </select>
    );
  } else if (field.type === 'text') {
    control = <textarea {...common} rows={3} value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
  } else {
    const types = { integer: 'number', number: 'number', date: 'date', datetime: 'datetime-local', email: 'email', url: 'url' };
    control = (
      <input
        {...common}
        type={types[field.type] ?? 'text'}
        step={field.type === 'number' ? 'any' : field.type === 'integer' ? '1' : undefined}
        placeholder={field.type === 'tags' ? 'comma, separated' : undefined}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required ? ' *' : ''}
      </label>
      {control}
      {field.type === 'url' && /image|photo|picture/.test(field.name) && app.features.includes('image_upload') && optional.uploadImage && (
        <ImageUpload field={field} onChange={onChange} />
      )}
      {field.type === 'url' && /image|photo|picture/.test(field.name) && value && (
        <img className="thumb" src={value} alt="" />
      )}
    </div>
  );
}
