import { type KeyboardEvent, type ReactNode, useRef } from 'react'
import { type ProfileTab, useDesk } from '../../store'

const TABS: { id: ProfileTab; label: string }[] = [
  { id: 'details', label: 'Details' },
  { id: 'activity', label: 'Activity' },
]

interface ProfileTabsProps {
  /** What each tab shows; only the open tab's content is rendered. */
  panels: Record<ProfileTab, () => ReactNode>
}

/**
 * Details and Activity, as an ARIA tab list: one tab stop, the arrow keys (and Home/End) move
 * between tabs and open them at once.
 */
export function ProfileTabs({ panels }: ProfileTabsProps) {
  const tab = useDesk((s) => s.profileTab)
  const setProfileTab = useDesk((s) => s.setProfileTab)
  const tabRefs = useRef<Partial<Record<ProfileTab, HTMLButtonElement | null>>>({})

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === tab)
    const moves: Partial<Record<string, number>> = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    }
    const next = moves[event.key]
    const target = next === undefined ? undefined : TABS[next]
    if (!target) return
    event.preventDefault()
    setProfileTab(target.id)
    tabRefs.current[target.id]?.focus()
  }

  return (
    <div className="profile-tabs">
      <div role="tablist" aria-label="Client profile" className="tab-list" onKeyDown={onKeyDown}>
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            ref={(element) => {
              tabRefs.current[id] = element
            }}
            type="button"
            role="tab"
            id={`profile-tab-${id}`}
            className="tab"
            aria-selected={tab === id}
            aria-controls={`profile-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => {
              setProfileTab(id)
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {TABS.map(({ id }) => (
        <div
          key={id}
          role="tabpanel"
          id={`profile-panel-${id}`}
          className="tab-panel"
          aria-labelledby={`profile-tab-${id}`}
          // The panels hold no controls of their own, so each is a tab stop to reach its content.
          tabIndex={0}
          hidden={tab !== id}
        >
          {tab === id && panels[id]()}
        </div>
      ))}
    </div>
  )
}
