import { useMemo } from 'react'
import { useDesk } from '../../store'
import { type CodeSheet, NO_PUBLIC_ADDRESS, OneTimeCodeDialog, PORTAL_NOT_ANSWERING } from './OneTimeCodeDialog'

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
      ...(reset.practice.address ? [] : [`${NO_PUBLIC_ADDRESS} This desk’s own link is ${reset.resetUrl}.`]),
      ...(reset.portalAnswering ? [] : [PORTAL_NOT_ANSWERING]),
    ]
    return {
      title: `Password reset for ${reset.clientName}`,
      handout: { kind: 'reset', code: reset.code, expiresAt: reset.expiresAt, practice: reset.practice, username },
      ...(notes.length > 0 ? { staffNote: notes.join(' ') } : {}),
    }
  }, [reset])
  return <OneTimeCodeDialog sheet={sheet} onDone={dismissReset} />
}
