import { type SyntheticEvent, useState } from 'react'
import type { PortalServerStatus } from '../../../../shared/dto'
import { formatDateTime } from '../../lib/format'
import { useDesk } from '../../store'
import type { FormErrors } from '../../store/form-outcome'
import { FormAlert } from '../forms/FormAlert'

/** Certificates and keys are a few kB; anything much larger is the wrong file. */
const MAX_FILE_BYTES = 100_000

interface FileFieldProps {
  id: string
  label: string
  hint: string
  accept: string
  error: string | undefined
  onFile: (file: File | null) => void
}

/** A labelled file chooser with its message under it. */
function FileField({ id, label, hint, accept, error, onFile }: FileFieldProps) {
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
      <input id={id} type="file" accept={accept} aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

/** The file's text, or the message to show under its field. */
async function readPem(file: File | null, what: string): Promise<{ text: string } | { error: string }> {
  if (!file) return { error: `Choose the ${what} file.` }
  if (file.size > MAX_FILE_BYTES) return { error: `That file is too large to be a ${what}. Choose the ${what} file (.pem).` }
  return { text: await file.text() }
}

/**
 * Settings → Client portal → Encryption: without a certificate it says plainly that the office
 * network can read the portal's traffic and how to fix it; with one, what it is for and until when.
 */
export function PortalCertificateSettings({ status }: { status: PortalServerStatus }) {
  const setPortalCertificate = useDesk((s) => s.setPortalCertificate)
  const removePortalCertificate = useDesk((s) => s.removePortalCertificate)
  const [certificate, setCertificate] = useState<File | null>(null)
  const [key, setKey] = useState<File | null>(null)
  const [fieldErrors, setFieldErrors] = useState<FormErrors>({})
  const [message, setMessage] = useState<string | null>(null)
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    setMessage(null)
    setNotice('')
    const [cert, pem] = await Promise.all([readPem(certificate, 'certificate'), readPem(key, 'private key')])
    if ('error' in cert || 'error' in pem) {
      setFieldErrors({ certificate: 'error' in cert ? cert.error : undefined, key: 'error' in pem ? pem.error : undefined })
      return
    }
    setBusy(true)
    const outcome = await setPortalCertificate({ certificate: cert.text, key: pem.text })
    setBusy(false)
    if (outcome.ok) {
      setFieldErrors({})
      setNotice('Saved. The client portal now uses HTTPS.')
    } else {
      setFieldErrors(outcome.fieldErrors)
      setMessage(outcome.message)
    }
  }

  const onRemove = async () => {
    if (busy) return
    setBusy(true)
    setMessage(null)
    const outcome = await removePortalCertificate()
    setBusy(false)
    if (outcome.ok) setNotice('Certificate removed. The client portal now uses plain HTTP.')
    else setMessage(outcome.message)
  }

  return (
    <div className="portal-certificate" role="group" aria-labelledby="portal-encryption-heading">
      <h3 id="portal-encryption-heading">Encryption (HTTPS)</h3>
      {status.certificate ? (
        <div className="message message-note">
          <p>
            <strong>Encrypted.</strong> The portal serves HTTPS with a certificate for{' '}
            <span className="mono">{status.certificate.names.join(', ') || 'no named address'}</span>, valid until{' '}
            {formatDateTime(status.certificate.expiresAt)}.
          </p>
          <button type="button" className="button button-small" aria-busy={busy || undefined} onClick={() => void onRemove()}>
            Remove certificate
          </button>
        </div>
      ) : (
        <div className="message message-warning" role="note" aria-label="Unencrypted traffic">
          <p>
            <strong>Traffic on the office network is not encrypted.</strong> Anyone on the same Wi-Fi or network can read what
            clients send and see, passwords and reset codes included.
          </p>
          <p>
            To fix this, add a certificate and its private key for this computer below (your IT support can provide them). The
            portal then uses HTTPS and clients’ browsers encrypt everything.
          </p>
        </div>
      )}
      <form className="settings-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <FileField
          id="portal-certificate-file"
          label="Certificate file"
          hint="PEM format (.pem, .crt), with any intermediate certificates after it."
          accept=".pem,.crt,.cer"
          error={fieldErrors['certificate']}
          onFile={(file) => {
            setCertificate(file)
            setFieldErrors((errors) => ({ ...errors, certificate: undefined }))
          }}
        />
        <FileField
          id="portal-key-file"
          label="Private key file"
          hint="PEM format (.pem, .key), without a password. It is kept on this computer only, readable by your account alone."
          accept=".pem,.key"
          error={fieldErrors['key']}
          onFile={(file) => {
            setKey(file)
            setFieldErrors((errors) => ({ ...errors, key: undefined }))
          }}
        />
        <div className="toolbar">
          <button type="submit" className="button" aria-busy={busy || undefined}>
            {status.certificate ? 'Replace certificate' : 'Use this certificate'}
          </button>
          <span className="muted" role="status">
            {busy ? 'Saving…' : notice}
          </span>
        </div>
        <FormAlert message={message} />
      </form>
    </div>
  )
}
