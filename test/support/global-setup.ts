import { setup } from './global-services';
export default setup;
