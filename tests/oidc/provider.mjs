// A real OpenID Connect provider for the edge's SSO tests (edge/tests/sso.rs):
// oidc-provider on 127.0.0.1 at a free port, printing `issuer <url>` once it
// listens. Usage: node provider.mjs REDIRECT_URI
//
// Sign-in needs no form: the test follows the provider's redirect to
// /interaction/<uid> itself and adds `?sub=<subject>&claims=<JSON>`, which
// logs that account in with those claims (email, email_verified, roles…) and
// grants the requested scopes. Clients (secret "secret" each):
//   portico          RS256 ID tokens, as issued
//   portico-es256    ES256 ID tokens, as issued
//   portico-flip     a payload claim changed after signing (signature kept)
//   portico-none     re-issued with alg "none" and no signature
//   portico-aud      validly re-signed, for another audience
//   portico-expired  validly re-signed, expired an hour ago
//   portico-nonce    validly re-signed with another nonce
//   portico-rotated  validly re-signed with a key (kid rsa-2) that the JWKS
//                    lists from its second fetch on: a key rotation
import Provider from 'oidc-provider';
import http from 'node:http';
import { generateKeyPair, exportJWK, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';

const redirectUri = process.argv[2];
const server = http.createServer();
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const issuer = `http://127.0.0.1:${server.address().port}`;

const rsa = await generateKeyPair('RS256', { extractable: true });
const ec = await generateKeyPair('ES256', { extractable: true });
const rsaJwk = { ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
const ecJwk = { ...(await exportJWK(ec.privateKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' };
const rotated = await generateKeyPair('RS256', { extractable: true });
const rotatedJwk = { ...(await exportJWK(rotated.publicKey)), kid: 'rsa-2', alg: 'RS256', use: 'sig' };
let jwksFetches = 0;

const accounts = new Map();
const client = (client_id, alg = 'RS256') => ({
  client_id,
  client_secret: 'secret',
  redirect_uris: [redirectUri],
  id_token_signed_response_alg: alg,
});

const provider = new Provider(issuer, {
  clients: [
    client('portico'),
    client('portico-es256', 'ES256'),
    ...['portico-flip', 'portico-none', 'portico-aud', 'portico-expired', 'portico-nonce', 'portico-rotated'].map((id) => client(id)),
  ],
  jwks: { keys: [rsaJwk, ecJwk] },
  claims: { openid: ['sub', 'roles', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, ...(accounts.get(id) || {}) }),
  }),
  cookies: { keys: ['portico-oidc-test-cookie-key'] },
});

provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result;
    if (details.prompt.name === 'login') {
      const sub = String(ctx.query.sub || 'nobody');
      accounts.set(sub, JSON.parse(String(ctx.query.claims || '{}')));
      result = { login: { accountId: sub } };
    } else {
      const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope));
      result = { consent: { grantId: await grant.save() } };
    }
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
    return;
  }
  await next();
  if (ctx.path === '/jwks' && ctx.body && (jwksFetches += 1) >= 2) {
    ctx.body = { keys: [...ctx.body.keys, rotatedJwk] };
  }
  const token = ctx.path === '/token' && ctx.body && ctx.body.id_token;
  const clientId = ctx.oidc && ctx.oidc.client && ctx.oidc.client.clientId;
  if (!token || clientId === 'portico' || clientId === 'portico-es256') return;
  const claims = decodeJwt(token);
  const header = decodeProtectedHeader(token);
  const [h, p, s] = token.split('.');
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const resign = (changed) =>
    new SignJWT({ ...claims, ...changed }).setProtectedHeader(header).sign(rsa.privateKey);
  if (clientId === 'portico-flip') ctx.body.id_token = `${h}.${b64({ ...claims, email: 'mallory@example.com' })}.${s}`;
  if (clientId === 'portico-none') ctx.body.id_token = `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
  if (clientId === 'portico-aud') ctx.body.id_token = await resign({ aud: 'someone-else' });
  if (clientId === 'portico-expired') {
    const now = Math.floor(Date.now() / 1000);
    ctx.body.id_token = await resign({ iat: now - 7200, exp: now - 3600 });
  }
  if (clientId === 'portico-nonce') ctx.body.id_token = await resign({ nonce: 'another-nonce' });
  if (clientId === 'portico-rotated') {
    ctx.body.id_token = await new SignJWT(claims)
      .setProtectedHeader({ ...header, kid: 'rsa-2' })
      .sign(rotated.privateKey);
  }
});

server.on('request', provider.callback());
console.log(`issuer ${issuer}`);
