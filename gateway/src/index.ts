/**
 * The gateway's public entry point: everything the lead's Fabric routes and the server need.
 *
 * @module
 */
export { createApp, type AppDeps } from './app.js';
export { loadConfig, ConfigError, DEFAULT_FEES, type Config, type FeeTable } from './config.js';
export { createLogger, sanitizeUrl, silentLogger, REDACT_PATHS, type Logger } from './logger.js';
export { ApiError, ERROR_STATUS, ERROR_CODES, CHAINCODE_ERROR_CODES, ErrorBodySchema, type ErrorCode, type ErrorBody } from './errors.js';
export { defineRoute, type RouteDefinition, type RouteContext, type FileReply, type RateFamily, type HttpMethod } from './http/route.js';
export { buildOpenApi } from './http/openapi.js';
export { CSRF_HEADER } from './http/mount.js';
export { createMetrics, type Metrics } from './metrics.js';
export { createServices, type Services, type GatewayHooks, type ReadinessCheck, type ServiceOptions } from './services.js';
export { createShutdown } from './shutdown.js';
export { Store, openStore, type PurgeReport } from './storage/store.js';
export { devPiiKey } from './storage/pii.js';
export type { Voter, VoterInput, RollInfo } from './storage/voters.js';
export type { StaffRole, StaffUser } from './storage/staff.js';
export { ROLES, type Role, type AuthContext, type Principal, type StaffPrincipal, type VoterPrincipal } from './security/roles.js';
export { hashPassword, verifyPassword } from './security/passwords.js';
export { newToken, hashToken, safeEqual } from './security/tokens.js';
export { issueLink, resolveLink } from './security/links.js';
export { AttemptLimiter } from './security/attempts.js';
export type { IdentityProvider, IdentityChallenge, IdentityResult, IdentityContext } from './identity/provider.js';
export type { NotificationProvider, OutgoingMessage, SendResult } from './notify/provider.js';
export { maskRecipient, measureSms, SMS_MAX_BYTES, LMS_MAX_BYTES } from './notify/sms.js';
export { estimateCost, type CostEstimate, type CostLine } from './notify/cost.js';
export { feeStatementCsv } from './notify/fee-statement.js';
export { renderTemplate, DEFAULT_TEMPLATES } from './notify/templates.js';
export { planCampaign, sendCampaign } from './notify/campaign.js';
export { validateRoll, type RollReport, type RollProblem } from './roll/validate.js';
export { normalizeKoreanMobile } from './roll/fields.js';
export { COMMISSIONS, REGIONS, type Region } from './service-desk/service-desk.js';
export { importRoll, editVoter } from './roll/import.js';
export { toCsv, neutralizeCell } from './export/csv.js';
export { renderMarkdown } from './content/markdown.js';
export { checkPhoto } from './content/photos.js';
export { renderCertificate, type CertificateData } from './certificate/pdf.js';
export * as schemas from './routes/schemas.js';
