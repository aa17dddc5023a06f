CREATE MIGRATION m1d2qilvosqu4u5efmoxoieprrfnvjtz6jfsavky7fsqkicufecaua
    ONTO m1yct2l6orirr4dxq5qhzp7b7rgbvnz4lprodbwdymlrxv77lgtlfa
{
  ALTER TYPE default::Lecture {
      CREATE PROPERTY container: std::str;
  };
};
