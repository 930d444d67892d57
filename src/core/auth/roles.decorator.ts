import { SetMetadata } from '@nestjs/common';
import type { Role } from '../context/request-context';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Who may call a route. A route with neither @Roles nor @Public is closed to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);
