import { teardown } from './global-services';
export default teardown;
