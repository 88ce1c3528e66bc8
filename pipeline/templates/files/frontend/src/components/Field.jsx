// A labelled form control: the label names the control (a required one is marked *).
export default function Field({ id, label, required = false, children }) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? ' *' : ''}
      </label>
      {children}
    </div>
  );
}
