import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The OpenAPI shape of `ErrorEnvelope` (§3.5, `errors/error-envelope.ts`): documentation only. */
export class ErrorDetailSchema {
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty({ example: 'displayName must be a string' })
  message!: string;

  @ApiPropertyOptional({ example: 'displayName' })
  target?: string;
}

export class ErrorBodySchema {
  @ApiProperty({ description: 'Stable code, never reused.', example: 'ODATA_FILTER_FIELD' })
  code!: string;

  @ApiProperty({ example: "Field 'Email' cannot be filtered on entity 'UnifiedActivity'. Filterable fields: ActivityId, CustomerId." })
  message!: string;

  @ApiPropertyOptional({ description: 'The field, parameter or name the error is about.', example: 'Email' })
  target?: string;

  @ApiProperty({ type: [ErrorDetailSchema] })
  details!: ErrorDetailSchema[];
}

/** `{"error":{code,message,target?,details},"statusCode","message"}` — every error of every route. */
export class ErrorEnvelopeSchema {
  @ApiProperty({ type: ErrorBodySchema })
  error!: ErrorBodySchema;

  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ description: 'The same text as `error.message`.' })
  message!: string;
}
