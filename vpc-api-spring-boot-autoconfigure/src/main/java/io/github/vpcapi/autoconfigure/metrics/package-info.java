/**
 * Micrometer observations of the calls made through the ECS client.
 */
package io.github.vpcapi.autoconfigure.metrics;
