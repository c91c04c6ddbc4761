package io.github.vpcapi.emulator;

/**
 * An ECS instance in the emulator's in-memory list, answered by {@code DescribeInstances}.
 *
 * @param instanceId the instance id
 * @param instanceName the instance name
 * @param regionId the region the instance lives in
 * @param zoneId the zone
 * @param status the status, such as {@code Running}
 * @param instanceType the instance type
 * @param vpcId the VPC id
 * @param vSwitchId the vSwitch id
 * @param privateIpAddress the private IP address in the VPC
 * @param creationTime the creation time, ISO 8601 in UTC to the minute
 */
public record EcsInstance(String instanceId, String instanceName, String regionId, String zoneId, String status,
		String instanceType, String vpcId, String vSwitchId, String privateIpAddress, String creationTime) {

	/**
	 * Return a running instance with plausible defaults for everything but its id and region.
	 * @param instanceId the instance id
	 * @param regionId the region id
	 * @return the instance
	 */
	public static EcsInstance of(String instanceId, String regionId) {
		int n = Math.abs(instanceId.hashCode() % 250) + 2;
		return new EcsInstance(instanceId, instanceId + "-name", regionId, regionId + "-a", "Running", "ecs.g7.large",
				"vpc-" + regionId, "vsw-" + regionId + "-a", "172.16.0." + n, "2026-01-01T00:00Z");
	}

}
