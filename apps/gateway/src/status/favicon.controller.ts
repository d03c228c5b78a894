import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';

/** Browsers ask for it with every status page; an empty answer keeps their consoles free of 404s. */
@Controller()
export class FaviconController {
  @Get('favicon.ico')
  @Public()
  @HttpCode(204)
  @Header('Cache-Control', 'public, max-age=86400')
  favicon(): void {}
}
