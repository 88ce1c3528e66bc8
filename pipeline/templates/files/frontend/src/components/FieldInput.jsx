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
    </div>
  );
}
