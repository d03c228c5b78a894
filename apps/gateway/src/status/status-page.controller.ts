import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiTag } from '../api-docs/api-docs.constants';
import { ApiDataset, ApiQueryParam } from '../api-docs/api-docs.decorators';
import { PageTokenAccess } from '../auth/auth.decorators';
import { getAuthState } from '../auth/principal';
import { STATUS_PAGE_CSP } from './status-layout.render';
import { StatusPageService, StatusViewer } from './status-page.service';

const ApiHtmlPage = () => ApiOkResponse({ description: 'The page (HTML, no JavaScript).', content: { 'text/html': { schema: { type: 'string' } } } });

/**
 * The status page (§6.3): HTML, readable without JavaScript. Opened with any credential
 * (a browser gets the Basic prompt) or with the `?token=` the `StatusPage` link carries.
 */
@ApiTags(ApiTag.Status)
@ApiDataset()
@ApiQueryParam('token', "A signed link token (the `StatusPage` link of a trigger event or report): opens this page without a credential for 7 days.")
@Controller('status/:dataset')
@PageTokenAccess()
export class StatusPageController {
  constructor(private readonly pages: StatusPageService) {}

  @Get()
  @ApiHtmlPage()
  @ApiOperation({ summary: 'Status page', description: 'Processes, last runs, durations, errors, and segment and measure history. A browser without a credential gets the Basic prompt.' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', STATUS_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  overview(@Req() request: FastifyRequest, @Param('dataset') dataset: string): Promise<string> {
    return this.pages.overview(viewerOf(request), dataset);
  }

  @Get('runs/:id')
  @ApiHtmlPage()
  @ApiOperation({ summary: 'Status page of a run', description: 'One run with its tasks, durations and errors.' })
  @ApiParam({ name: 'id', description: 'The run id.', example: 'run_Zx81qLm0' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', STATUS_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  run(@Req() request: FastifyRequest, @Param('dataset') dataset: string, @Param('id') id: string): Promise<string> {
    return this.pages.run(viewerOf(request), dataset, id);
  }
}

function viewerOf(request: FastifyRequest): StatusViewer {
  const state = getAuthState(request);
  return state && 'connection' in state ? { connection: state.connection } : { pageToken: true };
}
