import type { ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useDesk } from '../../store'
import { ClientForm } from './ClientForm'
import { ClientProfile } from './ClientProfile'

/** The right-hand column: the form, the selected client, or a hint to pick one. */
export function ProfilePane() {
  const { mode, profile, profileLoading, profileError } = useDesk(
    useShallow((s) => ({
      mode: s.mode,
      profile: s.profile,
      profileLoading: s.profileLoading,
      profileError: s.profileError,
    })),
  )

  let content: ReactNode
  if (mode === 'new') content = <ClientForm key="new" client={null} />
  else if (mode === 'edit' && profile) content = <ClientForm key={profile.id} client={profile} />
  else if (profileError)
    content = (
      <p className="message message-error" role="alert">
        {profileError}
      </p>
    )
  else if (profile) content = <ClientProfile client={profile} />
  else if (profileLoading) content = <p className="empty-state">Loading profile…</p>
  else content = <p className="empty-state">Select a client to see their profile and portal access.</p>

  return (
    <section className="profile-pane" aria-label="Client profile" aria-busy={profileLoading || undefined}>
      {content}
    </section>
  )
}
