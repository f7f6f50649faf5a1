import { useEffect, useRef, useState } from 'react'
import type { PortalMe } from '../../../../shared/portal-api'
import { EditUsernameForm } from '../components/EditUsernameForm'
import { ProfileDetails } from '../components/ProfileDetails'
import { ProfileMenu, type ProfileMenuHandle } from '../components/ProfileMenu'
import { useSession } from '../lib/session'
import { usePageHeading } from '../lib/use-page-heading'

/** My profile: details in the main area, the profile menu (username, Edit username) beside or above. */
export function ProfilePage({ me }: { me: PortalMe }) {
  const headingRef = usePageHeading('My profile')
  const { updated } = useSession()
  const [editing, setEditing] = useState(false)
  const [saved, setSaved] = useState<string | null>(null)
  const savedRef = useRef<HTMLParagraphElement>(null)
  const menuRef = useRef<ProfileMenuHandle>(null)

  // The form that had focus is gone once saved; the confirmation takes focus so it is read and seen.
  useEffect(() => {
    if (saved) savedRef.current?.focus()
  }, [saved])

  const startEditing = () => {
    setSaved(null)
    setEditing(true)
  }

  const onCancel = () => {
    setEditing(false)
    menuRef.current?.focus()
  }

  const onSaved = (next: PortalMe) => {
    updated(next)
    setEditing(false)
    setSaved(`Your username is now ${next.username}.`)
  }

  return (
    <div className="profile-layout">
      <h1 ref={headingRef} tabIndex={-1} className="profile-title">
        My profile
      </h1>
      <ProfileMenu ref={menuRef} username={me.username} onEditUsername={startEditing} />
      <div className="profile-content">
        {saved && (
          <p ref={savedRef} role="status" tabIndex={-1} className="notice notice-success">
            {saved}
          </p>
        )}
        {editing && <EditUsernameForm currentUsername={me.username} onSaved={onSaved} onCancel={onCancel} />}
        <ProfileDetails me={me} />
      </div>
    </div>
  )
}
