import 'reflect-metadata';
import { reportStartFailure, serveGateway } from './bootstrap/serve-gateway';

// `npm start`; `insights-gateway start` runs the same function (apps/gateway/src/cli).
serveGateway(process.env).catch((error: unknown) => process.exit(reportStartFailure(error)));
