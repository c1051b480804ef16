module Fastlane
  module Actions
    class SetGithubReleaseAction < Action
      def self.available_options
        [
          FastlaneCore::ConfigItem.new(key: :api_token,
                                       env_name: "FL_GITHUB_RELEASE_API_TOKEN",
                                       default_value: ENV["GITHUB_API_TOKEN"]),
          FastlaneCore::ConfigItem.new(key: :server_url, env_name: 'FL_GITHUB_RELEASE_SERVER_URL')
        ]
      end

      def self.run(params)
        host = ENV.fetch('GHE_HOST', nil) if ENV.key?("USE_GHE")
        ENV["FL_GITHUB_RELEASE_API_TOKEN"]
      end
    end
  end
end
