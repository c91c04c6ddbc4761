package io.github.vpcapi.sample;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.exceptions.ClientException;
import io.github.vpcapi.autoconfigure.AliyunEcsCheck;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;

/**
 * Prints the regions as a table, or the diagnosis of why the call failed.
 */
final class DescribeRegionsCommand {

	private final IAcsClient client;

	private final AliyunEcsEndpoint endpoint;

	DescribeRegionsCommand(IAcsClient client, AliyunEcsEndpoint endpoint) {
		this.client = client;
		this.endpoint = endpoint;
	}

	int run(PrintStream out, PrintStream err) {
		try {
			DescribeRegionsResponse response = this.client.getAcsResponse(new DescribeRegionsRequest());
			out.println("DescribeRegions via " + this.endpoint.url() + " (RequestId " + response.getRequestId() + ")");
			out.printf("%-16s %-38s %s%n", "RegionId", "RegionEndpoint", "LocalName");
			for (DescribeRegionsResponse.Region region : response.getRegions()) {
				out.printf("%-16s %-38s %s%n", region.getRegionId(), region.getRegionEndpoint(), region.getLocalName());
			}
			out.println(response.getRegions().size() + " regions");
			return 0;
		}
		catch (ClientException ex) {
			err.println("DescribeRegions via " + this.endpoint.url() + " failed.");
			AliyunEcsCheck.Result diagnosis = new AliyunEcsCheck(this.client, this.endpoint, Duration.ZERO,
					Clock.systemUTC())
				.diagnose(ex);
			diagnosis.details().forEach((key, value) -> err.printf("  %-10s %s%n", key + ":", value));
			return 1;
		}
	}

}
