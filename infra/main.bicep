// One FollowUp instance for one business: a Flex Consumption function app, its storage, Azure Communication Services
// Email, a Key Vault and Application Insights, all reached through one user-assigned managed identity.
//
// Subscription scope: azd then creates the resource group itself (rg-<environment>) and `azd down` removes it whole,
// so nothing has to exist before `azd up`. Every resource lives in that group, in the modules under app/.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; it names the resource group and seeds the resources\' unique names.')
param environmentName string

@minLength(1)
@description('Azure region of every regional resource; it must offer the Flex Consumption plan.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Principal id of the person deploying (azd fills it in), allowed to set secrets in the Key Vault; empty for none.')
param principalId string = ''

@description('Key that signs reply addresses and unsubscribe links, stored in the Key Vault as signing-key only when the vault has none; azd generates it.')
@secure()
@minLength(32)
@metadata({ azd: { type: 'generate', config: { length: 64, noSpecial: true } } })
param signingKey string

@description('Whether to create the Key Vault secret signing-key: true only when the vault holds none. The preprovision hook (infra/hooks/signing-key.sh) decides it, so an existing key is never overwritten.')
param createSigningKeySecret bool = false

@description('Client id of the Microsoft Entra app registration the dashboard\'s operators sign in with (docs/dashboard-sign-in.md); empty: no sign-in, and the deployed dashboard refuses everyone.')
param dashboardClientId string = ''

@description('Who may use the dashboard once signed in: email addresses (user principal names) or object ids, comma-separated.')
param dashboardAllowedUsers string = ''

@description('Object id of a Microsoft Entra group whose members may use the dashboard; empty for none.')
param dashboardAllowedGroup string = ''

@description('How promptly steps go out (docs/how-it-works.md): punctual sends within seconds of the due time and polls storage all the time; economy sends within about five minutes and makes a few storage transactions a minute when idle, so the app can scale to zero between sends.')
@allowed([
  'punctual'
  'economy'
])
param profile string = 'punctual'

@description('When the due-step scan runs, as NCRONTAB with seconds; empty for the profile\'s. FollowUp__LookAhead must then cover its longest interval, or the app refuses to start.')
param scanSchedule string = ''

@description('Letters and digits, starting with a letter, put before every table and queue name, so that several apps share one storage account; empty for none.')
@maxLength(44)
param storagePrefix string = ''

@description('IANA time zone of contacts and sequences that give none.')
param defaultTimeZone string = 'UTC'

@description('Dates on which nothing is sent, comma-separated (2026-12-25,2027-01-01); empty for none.')
param holidays string = ''

@description('Display name of the email sender.')
param emailSenderDisplayName string = 'FollowUp'

@description('Where replies to emails go (Acme <replies@acme.example>), when not to the sender; empty for the sender.')
param emailReplyTo string = ''

@description('The business\'s own email domain (mail.acme.example); empty to send only from the Azure-managed domain.')
param customEmailDomain string = ''

@description('Set once the custom domain\'s DNS records are verified in the portal; emails then go from it.')
param customEmailDomainVerified bool = false

@description('Local part of the sender address on the custom domain.')
param customEmailSenderUsername string = 'hello'

@description('Where Azure Communication Services keeps its data at rest.')
param communicationDataLocation string = 'United States'

@description('Twilio account SID (AC...); empty leaves SMS in the outbox (nothing is texted).')
param twilioAccountSid string = ''

@description('Twilio auth token, stored in the Key Vault; empty keeps the vault\'s current token.')
@secure()
param twilioAuthToken string = ''

@description('Twilio sending number in E.164 form; not needed with a messaging service.')
param twilioFrom string = ''

@description('Twilio messaging service SID (MG...), which picks the sender; empty for none.')
param twilioMessagingServiceSid string = ''

@description('The answer to a texted HELP: who is writing and how to stop them; empty for the engine\'s default.')
param smsHelpText string = ''

@description('Sources\' signing secrets to store in the Key Vault, as a map from app setting name to value ({"FollowUp__Sources__Secrets__AcmeShopify": "..."}).')
@secure()
param sourceSecrets object = {}

@description('App setting names, comma-separated, whose secrets are set in the Key Vault by hand (secret name: the setting name with _ . : as -).')
param keyVaultSourceSettings string = ''

@description('More app settings read from Key Vault secrets set by hand, as comma-separated setting=secret pairs (FollowUp__SigningKeys__k2=signing-key-k2), for example the keys of a signing-key rotation.')
param keyVaultSettings string = ''

@description('Most instances the function app may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each function app instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Days the Log Analytics workspace keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-followup-${token}'
var deploymentContainerName = 'app-package-${token}'

// Key Vault secret names allow letters, digits and dashes only.
var sourceSettingNames = union(objectKeys(sourceSecrets), filter(split(keyVaultSourceSettings, ','), name => !empty(trim(name))))
var sourceSecretsByVaultName = toObject(items(sourceSecrets), item => vaultName(item.key), item => item.value)

func vaultName(setting string) string => 'source-${replace(replace(replace(trim(setting), '_', '-'), '.', '-'), ':', '-')}'

func vaultReference(vault string, secret string) string => '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: group
  params: {
    name: 'id-followup-${token}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  scope: group
  params: {
    name: 'stfollowup${token}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    principalId: identity.outputs.principalId
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: group
  params: {
    logAnalyticsName: 'log-followup-${token}'
    applicationInsightsName: 'appi-followup-${token}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    principalId: identity.outputs.principalId
  }
}

module vault 'app/keyvault.bicep' = {
  scope: group
  params: {
    name: 'kv-followup-${take(token, 12)}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    secrets: union(sourceSecretsByVaultName, {
      'twilio-auth-token': twilioAuthToken
    })
    createSigningKeySecret: createSigningKeySecret
    signingKey: base64(signingKey)
  }
}

module communication 'app/communication.bicep' = {
  scope: group
  params: {
    name: 'acs-followup-${token}'
    emailServiceName: 'ecs-followup-${token}'
    dataLocation: communicationDataLocation
    tags: tags
    customDomain: customEmailDomain
    customDomainVerified: customEmailDomainVerified
    senderUsername: customEmailSenderUsername
    senderDisplayName: emailSenderDisplayName
    principalId: identity.outputs.principalId
  }
}

// The values of FollowUp.Local's FollowUp:Profile (SchedulingProfileSettings.cs); the queue trigger's host.json setting is
// overridden through the AzureFunctionsJobHost__ app setting.
var profileSettings = profile == 'economy'
  ? {
      FOLLOWUP_SCAN_SCHEDULE: '0 */10 * * * *'
      FollowUp__LookAhead: '00:12:00'
      AzureFunctionsJobHost__extensions__queues__maxPollingInterval: '00:05:00'
      FOLLOWUP_NOTIFY_SCHEDULE: '30 */10 * * * *'
      FOLLOWUP_SWEEP_SCHEDULE: '0 */30 * * * *'
      FOLLOWUP_IMAP_SCHEDULE: '30 */10 * * * *'
    }
  : {
      FOLLOWUP_SCAN_SCHEDULE: '0 */1 * * * *'
      FollowUp__LookAhead: '00:02:00'
      AzureFunctionsJobHost__extensions__queues__maxPollingInterval: '00:00:02'
      FOLLOWUP_NOTIFY_SCHEDULE: '30 * * * * *'
      FOLLOWUP_SWEEP_SCHEDULE: '0 */5 * * * *'
      FOLLOWUP_IMAP_SCHEDULE: '30 */1 * * * *'
    }

var engineSettings = {
  FOLLOWUP_STEP_QUEUE: '${toLower(storagePrefix)}followups'
  FollowUp__Storage__Prefix: storagePrefix
  FollowUp__DefaultTimeZone: defaultTimeZone
  FollowUp__SigningKey: vaultReference(vault.outputs.name, 'signing-key')
  FollowUp__Email__Provider: 'acs'
  FollowUp__Email__From: communication.outputs.from
  FollowUp__Acs__Endpoint: communication.outputs.endpoint
  FollowUp__Acs__ClientId: identity.outputs.clientId
}

var optionalSettings = union(
  empty(holidays) ? {} : { FollowUp__Holidays: holidays },
  empty(dashboardAllowedUsers) ? {} : { FollowUp__Dashboard__AllowedUsers: dashboardAllowedUsers },
  empty(dashboardAllowedGroup) ? {} : { FollowUp__Dashboard__AllowedGroup: dashboardAllowedGroup },
  empty(emailReplyTo) ? {} : { FollowUp__Email__ReplyTo: emailReplyTo },
  empty(smsHelpText) ? {} : { FollowUp__Sms__HelpText: smsHelpText }
)

var twilioSettings = empty(twilioAccountSid)
  ? {}
  : union(
      {
        FollowUp__Sms__Provider: 'twilio'
        FollowUp__Twilio__AccountSid: twilioAccountSid
        FollowUp__Twilio__AuthToken: vaultReference(vault.outputs.name, 'twilio-auth-token')
      },
      empty(twilioFrom) ? {} : { FollowUp__Twilio__From: twilioFrom },
      empty(twilioMessagingServiceSid) ? {} : { FollowUp__Twilio__MessagingServiceSid: twilioMessagingServiceSid }
    )

var sourceSettings = toObject(sourceSettingNames, name => trim(name), name => vaultReference(vault.outputs.name, vaultName(name)))

var keyVaultPairs = filter(map(split(keyVaultSettings, ','), pair => split(trim(pair), '=')), pair => length(pair) == 2)
var referencedSettings = toObject(keyVaultPairs, pair => trim(pair[0]), pair => vaultReference(vault.outputs.name, trim(last(pair))))

module functions 'app/functions.bicep' = {
  scope: group
  params: {
    planName: 'plan-followup-${token}'
    name: functionAppName
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: union(sourceSettings, profileSettings, empty(scanSchedule) ? {} : { FOLLOWUP_SCAN_SCHEDULE: scanSchedule }, engineSettings, optionalSettings, twilioSettings, referencedSettings)
    signInClientId: dashboardClientId
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output FOLLOWUP_URL string = functions.outputs.url
output FOLLOWUP_SIGN_IN_REDIRECT_URI string = functions.outputs.signInRedirectUri
output FOLLOWUP_EMAIL_FROM string = communication.outputs.from
