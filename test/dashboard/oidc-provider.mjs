// A real OpenID provider (node-oidc-provider) for the dashboard's browser test, in its own process
// because the package is ESM-only. Arguments: port, the dashboard's redirect URI, client secret.
// Its development login page accepts any login: the login typed is the account id, the ID token's
// `sub`, which the dashboard takes as the user's id.
import Provider from 'oidc-provider';

const [port, redirectUri, secret] = process.argv.slice(2);
const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: 'dashboard',
      client_secret: secret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  cookies: { keys: ['browser-test-cookie-key-0123456789'] },
  features: { devInteractions: { enabled: true } },
});
provider.listen(Number(port), () => process.stdout.write('ready\n'));
