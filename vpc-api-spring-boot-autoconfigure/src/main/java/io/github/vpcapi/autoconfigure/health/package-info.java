/**
 * Health indicator for the Alibaba Cloud ECS endpoint.
 */
package io.github.vpcapi.autoconfigure.health;
