import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiTag } from '../api-docs/api-docs.constants';
import { Public } from '../auth/auth.decorators';

/** Browsers ask for it with every status page; an empty answer keeps their consoles free of 404s. */
@ApiTags(ApiTag.Status)
@Controller()
export class FaviconController {
  @Get('favicon.ico')
  @ApiOperation({ summary: 'Favicon', description: 'Empty, so browsers opening the status page log no 404.' })
  @ApiNoContentResponse({ description: 'No icon.' })
  @Public()
  @HttpCode(204)
  @Header('Cache-Control', 'public, max-age=86400')
  favicon(): void {}
}
