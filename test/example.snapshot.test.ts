import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp } from '../example/app';

test('the example stack template is stable (asset hashes normalized)', () => {
  const app = buildExampleApp();
  const template = Template.fromStack(app.node.findChild('WorkMailExample') as any).toJSON();
  // The handler asset's hash changes with every handler change; the template's shape should not.
  const normalized = JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
  expect(normalized).toMatchSnapshot();
});
