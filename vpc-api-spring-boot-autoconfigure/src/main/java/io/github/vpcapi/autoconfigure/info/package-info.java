/**
 * The {@code /actuator/info} contribution of the ECS client.
 */
package io.github.vpcapi.autoconfigure.info;
