CREATE MIGRATION m1d5d5gtx5guzfjpc5m25e5wzflbs6cyf5i5yy2acgaaxy3hpyursq
    ONTO m1d2qilvosqu4u5efmoxoieprrfnvjtz6jfsavky7fsqkicufecaua
{
  CREATE SCALAR TYPE default::Role EXTENDING enum<teacher, admin>;
  CREATE TYPE default::User {
      CREATE REQUIRED PROPERTY created_at: std::datetime;
      CREATE REQUIRED PROPERTY display_name: std::str;
      CREATE REQUIRED PROPERTY email: std::str {
          CREATE CONSTRAINT std::exclusive ON (std::str_lower(__subject__));
      };
      CREATE REQUIRED PROPERTY is_active: std::bool;
      CREATE REQUIRED PROPERTY password_hash: std::str;
      CREATE REQUIRED PROPERTY public_id: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY role: default::Role;
      CREATE REQUIRED PROPERTY token_version: std::int64 {
          CREATE CONSTRAINT std::min_value(0);
      };
  };
  CREATE TYPE default::ApiToken {
      CREATE REQUIRED LINK user: default::User {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY created_at: std::datetime;
      CREATE PROPERTY last_used_at: std::datetime;
      CREATE REQUIRED PROPERTY name: std::str;
      CREATE REQUIRED PROPERTY public_id: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY token_hash: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
  };
  ALTER TYPE default::Lecture {
      CREATE PROPERTY owner_id: std::str;
      CREATE INDEX ON (.owner_id);
  };
};
