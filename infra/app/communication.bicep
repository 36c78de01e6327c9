// Azure Communication Services Email: an Email service with an Azure-managed domain (*.azurecomm.net, ready at once)
// and, optionally, the business's own domain. The app sends with its identity, never with an access key.

@description('Name of the Communication Services resource.')
param name string

@description('Name of the Email Communication Services resource.')
param emailServiceName string

@description('Where ACS keeps its data at rest, such as United States or Europe.')
param dataLocation string

@description('Tags applied to the resources.')
param tags object

@description('The business\'s own sending domain (mail.acme.example); empty to send from the Azure-managed domain only.')
param customDomain string

@description('Whether the custom domain\'s DNS records are verified, so that it can be linked and sent from.')
param customDomainVerified bool

@description('Local part of the sender address on the custom domain.')
param senderUsername string

@description('Display name of the sender.')
param senderDisplayName string

@description('Principal id of the app identity, allowed to send email through the resource.')
param principalId string

var useCustomDomain = !empty(customDomain) && customDomainVerified

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }

  resource azureManaged 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      userEngagementTracking: 'Disabled'
    }
  }

  resource custom 'domains' = if (!empty(customDomain)) {
    name: empty(customDomain) ? 'none' : customDomain
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'CustomerManaged'
      userEngagementTracking: 'Disabled'
    }

    resource sender 'senderUsernames' = {
      name: senderUsername
      properties: {
        username: senderUsername
        displayName: senderDisplayName
      }
    }
  }
}

resource communication 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: useCustomDomain
      ? [emailService::azureManaged.id, emailService::custom.id]
      : [emailService::azureManaged.id]
  }
}

// No built-in role only sends email: "Communication and Email Service Owner" also lists and regenerates the access
// keys and deletes resources. This custom role holds the three permissions Microsoft documents for sending with a
// Microsoft Entra identity, and can be assigned only inside this resource group.
resource emailSender 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'followup-email-sender')
  properties: {
    roleName: 'FollowUp email sender (${resourceGroup().name}, ${uniqueString(resourceGroup().id)})'
    description: 'Sends email through the Azure Communication Services resource of this FollowUp instance; no keys, no deletes.'
    type: 'customRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource sends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, principalId, emailSender.id)
  scope: communication
  properties: {
    roleDefinitionId: emailSender.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// An Azure-managed domain sends only from DoNotReply; a custom domain from the sender username created above.
var senderAddress = useCustomDomain
  ? '${senderUsername}@${customDomain}'
  : 'DoNotReply@${emailService::azureManaged.properties.fromSenderDomain}'

output endpoint string = 'https://${communication.properties.hostName}'
output senderAddress string = senderAddress
output from string = '${senderDisplayName} <${senderAddress}>'
