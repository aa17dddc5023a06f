CREATE MIGRATION m1yct2l6orirr4dxq5qhzp7b7rgbvnz4lprodbwdymlrxv77lgtlfa
    ONTO m1xeem3xkdq34blc6w5lsag5x4tujmnhcwly7ivauyz6hwuvd2mwfa
{
  CREATE TYPE default::TranscriptionCheckpoint {
      CREATE REQUIRED LINK lecture: default::Lecture {
          ON TARGET DELETE DELETE SOURCE;
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY context: array<std::int32>;
      CREATE REQUIRED PROPERTY engine: std::str;
      CREATE REQUIRED PROPERTY model: std::str;
      CREATE REQUIRED PROPERTY next_index: std::int32 {
          CREATE CONSTRAINT std::min_value(0);
      };
      CREATE REQUIRED PROPERTY window_start: std::int64 {
          CREATE CONSTRAINT std::min_value(0);
      };
  };
  ALTER TYPE default::Lecture {
      CREATE LINK checkpoint := (std::assert_single(.<lecture[IS default::TranscriptionCheckpoint]));
      CREATE REQUIRED PROPERTY attempts: std::int32 {
          SET default := 0;
          CREATE CONSTRAINT std::min_value(0);
      };
      CREATE REQUIRED PROPERTY run_id: std::str {
          SET REQUIRED USING (<std::str>std::uuid_generate_v4());
      };
  };
};
