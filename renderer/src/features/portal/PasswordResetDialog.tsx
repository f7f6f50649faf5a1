import { useMemo } from 'react'
import { useDesk } from '../../store'
import { type CodeSheet, OneTimeCodeDialog, PORTAL_NOT_ANSWERING } from './OneTimeCodeDialog'

/**
 * The code of a just-issued password reset, shown once; Done or Escape discards it. Staff hand
 * over the code only: the client chooses the new password, and nobody at the desk ever sees it.
 */
export function PasswordResetDialog() {
  const reset = useDesk((s) => s.issuedReset)
  const dismissReset = useDesk((s) => s.dismissReset)

  const sheet = useMemo<CodeSheet | null>(() => {
    if (!reset) return null
    const { username, enabled } = reset.portal
    const notes = [
      ...(enabled ? [] : [`Portal access is off for ${reset.clientName}: turn it on so they can sign in with the new password.`]),
      ...(reset.portalAnswering ? [] : [PORTAL_NOT_ANSWERING]),
    ]
    return {
      title: `Password reset for ${reset.clientName}`,
      code: reset.code,
      rows: [
        { label: 'Reset link', value: reset.resetUrl, mono: true },
        ...(username ? [{ label: 'Username', value: username, mono: true }] : []),
      ],
      expiresAt: reset.expiresAt,
      instructions:
        'The client opens the link, enters their username, this code and a new password. Portico never shows or stores their password.',
      ...(notes.length > 0 ? { staffNote: notes.join(' ') } : {}),
    }
  }, [reset])
  return <OneTimeCodeDialog sheet={sheet} onDone={dismissReset} />
}
