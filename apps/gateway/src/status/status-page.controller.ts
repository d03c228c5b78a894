import { Controller, Get, Header, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PageTokenAccess } from '../auth/auth.decorators';
import { getAuthState } from '../auth/principal';
import { STATUS_PAGE_CSP } from './status-layout.render';
import { StatusPageService, StatusViewer } from './status-page.service';

/**
 * The status page (§6.3): HTML, readable without JavaScript. Opened with any credential
 * (a browser gets the Basic prompt) or with the `?token=` the `StatusPage` link carries.
 */
@Controller('status/:dataset')
@PageTokenAccess()
export class StatusPageController {
  constructor(private readonly pages: StatusPageService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', STATUS_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  overview(@Req() request: FastifyRequest, @Param('dataset') dataset: string): Promise<string> {
    return this.pages.overview(viewerOf(request), dataset);
  }

  @Get('runs/:id')
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
