export { withClient } from '../../src/core/database/pg-client';
