/**
 * Auto-configuration of a VPC-routed Alibaba Cloud ECS client.
 */
package io.github.vpcapi.autoconfigure;
