import type { StaffRole } from '../../../shared/dto'

/** How a staff role reads on screen. */
export const ROLE_LABELS: Record<StaffRole, string> = { admin: 'Admin', front_desk: 'Front desk' }
